/**
 * The typed fetch client for the public `/api/v1`. Every call sends the bearer token, turns error
 * bodies ({statusCode, code, message, details}) into ApiError, and signs the user out on 401.
 */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly errorId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level messages from a 400 VALIDATION_FAILED answer, keyed by field path. */
  fieldErrors(): Record<string, string> {
    const fields = (this.details as { fields?: { field: string; errors: string[] }[] } | undefined)?.fields ?? [];
    return Object.fromEntries(fields.map((f) => [f.field, f.errors.join('; ')]));
  }
}

const TOKEN_KEY = 'luodi.token';
let onUnauthorized: (() => void) | null = null;

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

/** Registered by the auth provider: what to do when the server says the session is over. */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

/** Serialises a query object: arrays as comma lists, empty values dropped. */
export function toQueryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function request(method: string, path: string, body?: unknown, query?: Query): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${toQueryString(query)}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Network error: the server cannot be reached');
  }
  if (res.ok) return res;
  let err: Partial<ErrorBody> = {};
  try {
    err = (await res.json()) as ErrorBody;
  } catch {
    /* not JSON: keep the status text */
  }
  if (res.status === 401 && path !== '/auth/login') onUnauthorized?.();
  throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? res.statusText, err.details, err.errorId);
}

async function json<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const res = await request(method, path, body, query);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => json<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => json<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, body),
  delete: <T>(path: string, query?: Query) => json<T>('DELETE', path, undefined, query),
  /** Downloads a file answer (e.g. an .xlsx export) and hands it to the browser. */
  async download(path: string, query: Query | undefined, fallbackName: string): Promise<void> {
    const res = await request('GET', path, undefined, query);
    const blob = await res.blob();
    const disposition = res.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="([^"]+)"/i.exec(disposition);
    const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
