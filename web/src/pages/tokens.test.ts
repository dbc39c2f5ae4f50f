import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api';
import { App, type PageContext } from '../app';
import { lastUsedText, tokensPage, type ApiToken } from './tokens';

interface Call {
  method: string;
  url: string;
  body: unknown;
  csrf: string | undefined;
}

// An in-memory /api/v1/tokens that answers the way session_handlers.cpp does.
function fakeServer(initial: ApiToken[]) {
  const tokens = initial.map((t) => ({ ...t }));
  const calls: Call[] = [];
  let next = 1;
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetchImpl = async (url: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET';
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, body, csrf: (init?.headers as Record<string, string> | undefined)?.['X-CSRF-Token'] });
    if (method === 'GET' && url === '/api/v1/tokens') return json(200, { tokens });
    if (method === 'POST' && url === '/api/v1/tokens') {
      const name = (body as { name?: string }).name ?? '';
      if (name.length > 100) return json(400, { error: { code: 'InvalidInput', message: "'name' must be 1-100 characters saying what the token is for", field: 'name' } });
      const id = `tok_${next}`;
      next += 1;
      tokens.push({ id, name, created_at: '2026-11-03T09:12:00Z', last_used_at: '', revoked: false });
      return json(201, { id, token: `brg_secret${id}` });
    }
    const m = /^\/api\/v1\/tokens\/([^/]+)$/.exec(url);
    if (method === 'DELETE' && m) {
      const t = tokens.find((x) => x.id === decodeURIComponent(m[1]));
      if (!t) return json(404, { error: { code: 'NotFound', message: 'no such token of yours', field: 'id' } });
      t.revoked = true;
      return new Response(null, { status: 204 });
    }
    return json(404, { error: { code: 'NotFound', message: 'not found', field: '' } });
  };
  return { tokens, calls, fetchImpl };
}

function context(server: ReturnType<typeof fakeServer>): PageContext {
  const api = new ApiClient('/api/v1', server.fetchImpl);
  api.csrfToken = 'csrf-1';
  const main = document.createElement('main');
  document.body.appendChild(main);
  return { app: new App(api), params: {}, query: new URLSearchParams(), main, onLeave: () => undefined, alive: () => true };
}

const kTokens: ApiToken[] = [
  { id: 'tok_a', name: 'nightly export', created_at: '2026-11-01T08:00:00Z', last_used_at: '2026-11-02T02:00:00Z', revoked: false },
  { id: 'tok_b', name: 'old script', created_at: '2026-10-01T08:00:00Z', last_used_at: '', revoked: true },
];

function rowTexts(main: HTMLElement): string[][] {
  return [...main.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
}

function submit(main: HTMLElement, name: string): void {
  const input = main.querySelector<HTMLInputElement>('#token-name');
  if (!input) throw new Error('no name field');
  input.value = name;
  main.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }));
}

beforeEach(() => {
  document.body.innerHTML = '';
  localStorage.clear();
  sessionStorage.clear();
});

describe('lastUsedText', () => {
  it('says Never for a token that has not been used', () => {
    expect(lastUsedText('')).toBe('Never');
    expect(lastUsedText('2026-11-03T09:12:00Z')).toContain('2026');
  });
});

describe('tokensPage', () => {
  it('lists the tokens with Revoke only on those still active', async () => {
    const ctx = context(fakeServer(kTokens));
    await tokensPage.render(ctx);
    expect(document.title).toBe('API tokens – Borough workbench');
    const rows = rowTexts(ctx.main);
    expect(rows.map((r) => r[0])).toEqual(['nightly export', 'old script']);
    expect(rows[0][3]).toBe('Revoke nightly export');
    expect(rows[1][2]).toBe('Never');
    expect(rows[1][3]).toBe('Revoked');
    expect(ctx.main.querySelectorAll('tbody button')).toHaveLength(1);
  });

  it('says so when there are no tokens', async () => {
    const ctx = context(fakeServer([]));
    await tokensPage.render(ctx);
    expect(ctx.main.textContent).toContain('You have no API tokens.');
    expect(ctx.main.querySelector('table')).toBeNull();
  });

  it('asks for a name before sending anything', async () => {
    const server = fakeServer([]);
    const ctx = context(server);
    await tokensPage.render(ctx);
    submit(ctx.main, '   ');
    expect(ctx.main.querySelector('.govuk-error-summary a')?.getAttribute('href')).toBe('#token-name');
    expect(ctx.main.querySelector('#token-name-error')?.textContent).toBe('Error: Enter a name for the token');
    expect(document.title).toBe('Error: API tokens – Borough workbench');
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows the server’s 400 against the field it names', async () => {
    const ctx = context(fakeServer([]));
    await tokensPage.render(ctx);
    submit(ctx.main, 'x'.repeat(101));
    await vi.waitFor(() => expect(ctx.main.querySelector('#token-name-error')).not.toBeNull());
    expect(ctx.main.querySelector('#token-name-error')?.textContent).toContain("'name' must be 1-100 characters");
    expect(ctx.main.querySelector('.govuk-error-summary a')?.getAttribute('href')).toBe('#token-name');
    expect(ctx.main.querySelector('#token-name')?.classList.contains('govuk-input--error')).toBe(true);
  });

  it('shows a new token once, without storing it', async () => {
    const server = fakeServer([]);
    const ctx = context(server);
    const url = location.href;
    await tokensPage.render(ctx);
    submit(ctx.main, '  survey upload ');
    await vi.waitFor(() => expect(ctx.main.querySelector('#new-token-value')).not.toBeNull());
    const post = server.calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ name: 'survey upload' });
    expect(post?.csrf).toBe('csrf-1');
    expect(ctx.main.querySelector<HTMLInputElement>('#new-token-value')?.value).toBe('brg_secrettok_1');
    expect(ctx.main.querySelector('#new-token')?.textContent).toContain('It will not be shown again.');
    expect(rowTexts(ctx.main).map((r) => r[0])).toEqual(['survey upload']);
    expect(ctx.main.querySelector<HTMLInputElement>('#token-name')?.value).toBe('');
    expect(localStorage.length + sessionStorage.length).toBe(0);
    expect(location.href).toBe(url);
    expect(JSON.stringify(history.state ?? null)).not.toContain('brg_');

    // Coming back to the page draws it from the server, which never sends the clear token again.
    const again = context(server);
    await tokensPage.render(again);
    expect(again.main.querySelector('#new-token')).toBeNull();
    expect(again.main.textContent).not.toContain('brg_secret');
  });

  it('revokes only after the second button, and Cancel leaves it alone', async () => {
    const server = fakeServer(kTokens);
    const ctx = context(server);
    await tokensPage.render(ctx);
    ctx.main.querySelector<HTMLButtonElement>('#revoke-tok_a')?.click();
    const confirm = ctx.main.querySelector('#revoke-confirm');
    expect(confirm?.querySelector('h2')?.textContent).toBe('Revoke “nightly export”?');
    expect(confirm?.querySelector('.govuk-warning-text')?.textContent).toContain('You cannot undo this.');
    [...(confirm?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Cancel')?.click();
    expect(confirm?.childNodes).toHaveLength(0);
    expect(server.calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);

    ctx.main.querySelector<HTMLButtonElement>('#revoke-tok_a')?.click();
    [...(confirm?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Yes, revoke this token')?.click();
    await vi.waitFor(() => expect(ctx.main.querySelector('.govuk-notification-banner')).not.toBeNull());
    const del = server.calls.find((c) => c.method === 'DELETE');
    expect(del?.url).toBe('/api/v1/tokens/tok_a');
    expect(del?.csrf).toBe('csrf-1');
    expect(ctx.main.querySelector('.govuk-notification-banner')?.textContent).toContain('You have revoked “nightly export”.');
    expect(rowTexts(ctx.main).map((r) => r[3])).toEqual(['Revoked', 'Revoked']);
  });
});
