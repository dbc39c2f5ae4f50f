// The HTTP client of the borough API (docs/api.md): JSON in and out, the error body parsed into
// ApiError, and the CSRF token sent on every state-changing request.

export interface User {
  name: string;
  display_name: string;
  role: string;
  team: string;
}

export interface Me {
  user: User;
  permissions: string[];
  csrf_token: string;
}

// One failed request: the server's {"error":{code,message,field}} body, or a synthesised one when the
// body was not that shape (a proxy error page, a dropped connection).
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string;
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, field = '', retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const kCodeByStatus: Record<number, string> = {
  400: 'InvalidInput',
  401: 'Unauthenticated',
  403: 'PermissionDenied',
  404: 'NotFound',
  409: 'Conflict',
  413: 'ResourceExhausted',
  415: 'InvalidInput',
  429: 'ResourceExhausted',
  502: 'ModelOutputInvalid',
  503: 'Unavailable',
  504: 'DeadlineExceeded',
};

// Reads an error response. Never throws: a body that is not the API's error shape still gives a
// usable message naming the HTTP status.
export async function parseErrorResponse(res: Response): Promise<ApiError> {
  const retryHeader = res.headers.get('Retry-After');
  const retry = retryHeader !== null && /^\d+$/.test(retryHeader.trim()) ? Number(retryHeader.trim()) : null;
  let text = '';
  try {
    text = await res.text();
  } catch {
    text = '';
  }
  const fallbackCode = kCodeByStatus[res.status] ?? (res.status >= 500 ? 'Internal' : 'InvalidInput');
  try {
    const body: unknown = JSON.parse(text);
    if (body !== null && typeof body === 'object' && 'error' in body) {
      const err = (body as { error: unknown }).error;
      if (err !== null && typeof err === 'object') {
        const e = err as Record<string, unknown>;
        const code = typeof e.code === 'string' && e.code !== '' ? e.code : fallbackCode;
        const message = typeof e.message === 'string' && e.message !== '' ? e.message : statusMessage(res.status);
        const field = typeof e.field === 'string' ? e.field : '';
        return new ApiError(res.status, code, message, field, retry);
      }
    }
  } catch {
    // not JSON: fall through to the status message
  }
  return new ApiError(res.status, fallbackCode, statusMessage(res.status), '', retry);
}

function statusMessage(status: number): string {
  switch (status) {
    case 401:
      return 'You are not signed in, or your session has ended.';
    case 403:
      return 'You do not have permission to do that.';
    case 404:
      return 'Not found.';
    case 413:
      return 'The file is too large.';
    case 429:
      return 'Too many requests. Wait a minute and try again.';
    case 502:
    case 503:
    case 504:
      return 'The service is busy or unavailable. Try again later.';
    default:
      return `The server answered with status ${status}.`;
  }
}

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const kMutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Not thread-safe in any meaningful sense (the page has one); holds the CSRF token of the session.
export class ApiClient {
  readonly base: string;
  csrfToken = '';
  // Called when any request answers 401 (the session ended): the app shows the sign-in page.
  onUnauthenticated: (() => void) | null = null;
  private readonly fetchImpl: FetchLike;

  constructor(base = '/api/v1', fetchImpl?: FetchLike) {
    this.base = base;
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  url(path: string, query?: Query): string {
    return withQuery(this.base + path, query);
  }

  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) {
      payload = body; // the browser sets the multipart boundary
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    if (kMutating.has(method) && this.csrfToken !== '') headers['X-CSRF-Token'] = this.csrfToken;
    let res: Response;
    try {
      res = await this.fetchImpl(this.url(path, query), {
        method,
        headers,
        body: payload,
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(0, 'Unavailable', 'Could not reach the server. Check your connection and try again.');
    }
    if (!res.ok) {
      const err = await parseErrorResponse(res);
      if (res.status === 401 && path !== '/session' && this.onUnauthenticated) this.onUnauthenticated();
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'Internal', 'The server sent a reply that is not JSON.');
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  del<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async signIn(username: string, password: string): Promise<Me> {
    const r = await this.post<{ user: User; csrf_token: string }>('/session', { username, password });
    this.csrfToken = r.csrf_token;
    return this.me();
  }

  async me(): Promise<Me> {
    const me = await this.get<Me>('/me');
    this.csrfToken = me.csrf_token;
    return me;
  }

  async signOut(): Promise<void> {
    try {
      await this.del<void>('/session');
    } finally {
      this.csrfToken = '';
    }
  }
}

// Path segments from user data (job ids, user names) are always encoded.
export function seg(s: string): string {
  return encodeURIComponent(s);
}
