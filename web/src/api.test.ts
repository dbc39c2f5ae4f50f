import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, parseErrorResponse, withQuery } from './api';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(replies: Response[]): { calls: Call[]; fetch: (url: string, init?: RequestInit) => Promise<Response> } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init: init ?? {} });
      const r = replies.shift();
      return r ? Promise.resolve(r) : Promise.reject(new TypeError('network down'));
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function header(init: RequestInit, name: string): string | undefined {
  return (init.headers as Record<string, string> | undefined)?.[name];
}

describe('parseErrorResponse', () => {
  it('reads code, message and field from the error body', async () => {
    const e = await parseErrorResponse(json(400, { error: { code: 'InvalidInput', message: 'max_themes must be 2..40', field: 'parameters.max_themes' } }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('InvalidInput');
    expect(e.message).toBe('max_themes must be 2..40');
    expect(e.field).toBe('parameters.max_themes');
  });

  it('falls back to the status when the body is not the error shape', async () => {
    const e = await parseErrorResponse(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(e.code).toBe('ModelOutputInvalid');
    expect(e.field).toBe('');
    expect(e.message).toMatch(/busy or unavailable/);
    const e2 = await parseErrorResponse(json(404, { detail: 'x' }));
    expect(e2.code).toBe('NotFound');
  });

  it('reads Retry-After on 429', async () => {
    const e = await parseErrorResponse(json(429, { error: { code: 'ResourceExhausted', message: 'Too many sign-ins', field: '' } }, { 'Retry-After': '42' }));
    expect(e.retryAfterSeconds).toBe(42);
    expect(e.message).toBe('Too many sign-ins');
  });

  it('keeps a non-numeric Retry-After out', async () => {
    const e = await parseErrorResponse(json(429, {}, { 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' }));
    expect(e.retryAfterSeconds).toBeNull();
  });
});

describe('ApiClient', () => {
  it('sends the CSRF token from sign-in on mutating requests only', async () => {
    const f = fakeFetch([
      json(200, { user: { name: 'ada' }, csrf_token: 'tok-1' }),
      json(200, { user: { name: 'ada', display_name: 'Ada', role: 'admin', team: '' }, permissions: ['admin'], csrf_token: 'tok-2' }),
      json(200, { jobs: [] }),
      json(202, { job: { id: 'j1' } }),
      new Response(null, { status: 204 }),
    ]);
    const api = new ApiClient('/api/v1', f.fetch);
    const me = await api.signIn('ada', 'pw');
    expect(me.permissions).toEqual(['admin']);
    expect(api.csrfToken).toBe('tok-2'); // /me's token replaces the sign-in one
    // the sign-in POST itself had no token yet
    expect(header(f.calls[0].init, 'X-CSRF-Token')).toBeUndefined();
    await api.get('/jobs', { status: 'running', before: '' });
    expect(f.calls[2].url).toBe('/api/v1/jobs?status=running');
    expect(header(f.calls[2].init, 'X-CSRF-Token')).toBeUndefined();
    await api.post('/jobs', { action: 'a' });
    expect(header(f.calls[3].init, 'X-CSRF-Token')).toBe('tok-2');
    expect(header(f.calls[3].init, 'Content-Type')).toBe('application/json');
    expect(f.calls[3].init.body).toBe('{"action":"a"}');
    expect(await api.del('/tokens/3')).toBeUndefined();
    expect(header(f.calls[4].init, 'X-CSRF-Token')).toBe('tok-2');
  });

  it('leaves the multipart content type to the browser', async () => {
    const f = fakeFetch([json(202, { job: { id: 'j2' } })]);
    const api = new ApiClient('/api/v1', f.fetch);
    api.csrfToken = 't';
    const body = new FormData();
    body.set('action', 'survey-analysis');
    await api.post('/jobs', body);
    expect(header(f.calls[0].init, 'Content-Type')).toBeUndefined();
    expect(header(f.calls[0].init, 'X-CSRF-Token')).toBe('t');
    expect(f.calls[0].init.body).toBe(body);
  });

  it('throws ApiError with the field and calls onUnauthenticated on 401', async () => {
    const f = fakeFetch([
      json(400, { error: { code: 'InvalidInput', message: 'upload names must not contain /', field: 'file' } }),
      json(401, { error: { code: 'Unauthenticated', message: 'sign in', field: '' } }),
    ]);
    const api = new ApiClient('/api/v1', f.fetch);
    let signedOut = 0;
    api.onUnauthenticated = () => (signedOut += 1);
    await expect(api.post('/jobs', {})).rejects.toMatchObject({ status: 400, field: 'file', message: 'upload names must not contain /' });
    expect(signedOut).toBe(0);
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401, code: 'Unauthenticated' });
    expect(signedOut).toBe(1);
  });

  it('turns a network failure into an Unavailable ApiError', async () => {
    const api = new ApiClient('/api/v1', fakeFetch([]).fetch);
    await expect(api.get('/jobs')).rejects.toMatchObject({ status: 0, code: 'Unavailable' });
  });
});

describe('withQuery', () => {
  it('drops empty values and encodes the rest', () => {
    expect(withQuery('/x', { a: '', b: null, c: undefined, d: 'a b&c', e: 0 })).toBe('/x?d=a+b%26c&e=0');
    expect(withQuery('/x')).toBe('/x');
  });
});
