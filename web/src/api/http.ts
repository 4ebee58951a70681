// The one place that talks HTTP. Every non-2xx answer becomes an ApiError; every request says
// which portal it comes from, and every change carries that portal's CSRF token.
import type { Portal } from './types';

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly fieldErrors: FieldErrors;
  /** Seconds to wait, from `Retry-After` (sign-in locked: 429). */
  readonly retryAfter: number | null;
  /** The parsed answer body (null when there was none), for answers with more than a message,
   *  such as a refused hiding of products (`{message, trial, active}`). */
  readonly body: unknown;

  constructor(
    status: number,
    message: string,
    fieldErrors: FieldErrors = {},
    retryAfter: number | null = null,
    body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.fieldErrors = fieldErrors;
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Http {
  readonly portal: Portal;
  request<T>(method: Method, url: string, body?: unknown): Promise<T>;
  get<T>(url: string): Promise<T>;
  post<T>(url: string, body?: unknown): Promise<T>;
  patch<T>(url: string, body?: unknown): Promise<T>;
  put<T>(url: string, body?: unknown): Promise<T>;
  del<T = void>(url: string, body?: unknown): Promise<T>;
  /** POSTs `body` to a route that answers JSON lines (application/x-ndjson), handing each line
   *  to `onLine` as it arrives; resolves with the last. A non-2xx answer is an ApiError. */
  postLines<T>(url: string, body: unknown, onLine: (line: T) => void): Promise<T | null>;
  /** Whether the portal's CSRF cookie is there. The server sets and clears it with the session's
   *  (which scripts can't see), so without it nobody is signed in to this portal. */
  hasSessionCookie(): boolean;
  /** Drops the CSRF cookie of a session the server no longer knows (it answered 401). */
  forgetSessionCookie(): void;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const CSRF_COOKIE: Record<Portal, string> = {
  admin: 'clientele_admin_csrf',
  customer: 'clientele_portal_csrf',
};

/** The portal's CSRF token: the server names its cookies `__Host-…` wherever they can be Secure,
 *  and without the prefix on plain http://localhost. */
export function readCsrfToken(cookieHeader: string, portal: Portal): string | null {
  const name = CSRF_COOKIE[portal];
  return readCookie(cookieHeader, `__Host-${name}`) ?? readCookie(cookieHeader, name);
}

export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

const GENERIC: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'You are not signed in, or your session has ended.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  409: 'This change is not possible in the object’s current state.',
  429: 'Too many attempts. Try again later.',
  500: 'The server failed. Try again; if it keeps failing, contact the administrator.',
  503: 'The service is busy. Try again shortly.',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toFieldErrors(v: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!isRecord(v)) return out;
  for (const [k, msgs] of Object.entries(v)) {
    if (Array.isArray(msgs)) out[k] = msgs.map(String);
    else if (typeof msgs === 'string') out[k] = [msgs];
  }
  return out;
}

/** Builds the ApiError for a non-2xx response (its body already parsed, or null). */
export function errorFromResponse(status: number, body: unknown, retryAfterHeader: string | null): ApiError {
  const fieldErrors = isRecord(body) ? toFieldErrors(body.errors) : {};
  let message = isRecord(body) && typeof body.message === 'string' ? body.message : '';
  if (!message && isRecord(body) && typeof body.detail === 'string') message = body.detail;
  if (!message && Object.keys(fieldErrors).length > 0) {
    const first = Object.entries(fieldErrors)[0];
    message = Object.keys(fieldErrors).length === 1 && first ? first[1].join(' ') : 'Some fields need attention.';
  }
  if (!message) message = GENERIC[status] ?? `The server answered ${status}.`;
  const seconds = retryAfterHeader ? Number.parseInt(retryAfterHeader, 10) : Number.NaN;
  return new ApiError(status, message, fieldErrors, Number.isFinite(seconds) ? seconds : null, body);
}

export interface HttpOptions {
  portal: Portal;
  fetch?: FetchLike;
  /** Returns the document's cookies; injectable for tests. */
  cookies?: () => string;
  /** Called on every 401 except for the sign-in request itself. */
  onUnauthorized?: () => void;
  /** Sets a cookie (`document.cookie = …`); injectable for tests. */
  setCookie?: (cookie: string) => void;
}

export function createHttp(opts: HttpOptions): Http {
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const cookies = opts.cookies ?? (() => (typeof document === 'undefined' ? '' : document.cookie));
  const setCookie =
    opts.setCookie ??
    ((c: string) => {
      if (typeof document !== 'undefined') document.cookie = c;
    });

  async function request<T>(method: Method, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Portal': opts.portal };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') {
      const csrf = readCsrfToken(cookies(), opts.portal);
      if (csrf) headers['X-CSRF-Token'] = csrf;
    }
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
    }
    const text = await response.text();
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (!response.ok) {
      const error = errorFromResponse(response.status, parsed, response.headers.get('Retry-After'));
      if (response.status === 401 && opts.onUnauthorized && !url.startsWith('/iam/auth/session')) {
        opts.onUnauthorized();
      }
      throw error;
    }
    return parsed as T;
  }

  async function postLines<T>(url: string, body: unknown, onLine: (line: T) => void): Promise<T | null> {
    const headers: Record<string, string> = {
      Accept: 'application/x-ndjson, application/json',
      'X-Portal': opts.portal,
      'Content-Type': 'application/json',
    };
    const csrf = readCsrfToken(cookies(), opts.portal);
    if (csrf) headers['X-CSRF-Token'] = csrf;
    let response: Response;
    try {
      response = await doFetch(url, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
    }
    if (!response.ok) {
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      if (response.status === 401 && opts.onUnauthorized) opts.onUnauthorized();
      throw errorFromResponse(response.status, parsed, response.headers.get('Retry-After'));
    }
    let last: T | null = null;
    const take = (line: string) => {
      if (!line.trim()) return;
      last = JSON.parse(line) as T;
      onLine(last);
    };
    const reader = response.body?.getReader();
    if (!reader) {
      for (const line of (await response.text()).split('\n')) take(line);
      return last;
    }
    const decoder = new TextDecoder();
    let pending = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (value) pending += decoder.decode(value, { stream: !done });
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        take(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      if (done) break;
    }
    take(pending);
    return last;
  }

  return {
    portal: opts.portal,
    request,
    postLines,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    del: (url, body) => request('DELETE', url, body),
    hasSessionCookie: () => readCsrfToken(cookies(), opts.portal) !== null,
    forgetSessionCookie: () => {
      const name = CSRF_COOKIE[opts.portal];
      // Both spellings (see readCsrfToken); a __Host- cookie is only replaced by a Secure one.
      setCookie(`__Host-${name}=; Max-Age=0; Path=/; SameSite=Strict; Secure`);
      setCookie(`${name}=; Max-Age=0; Path=/; SameSite=Strict`);
    },
  };
}
