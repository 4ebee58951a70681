import { describe, expect, it, vi } from 'vitest';
import { ApiError, createHttp, errorFromResponse, readCookie, readCsrfToken, type FetchLike } from './http';

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function recorder(response: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    return Promise.resolve(response());
  };
  return { calls, fetch };
}

function headersOf(init: RequestInit): Record<string, string> {
  return init.headers as Record<string, string>;
}

describe('http', () => {
  it('maps a 400 with errors to fieldErrors', async () => {
    const { fetch } = recorder(() =>
      reply(400, { errors: { email: ['An account with this e-mail already exists in your organisation.'], password: ['Too short.'] } }),
    );
    const http = createHttp({ portal: 'admin', fetch, cookies: () => '' });
    const error = await http.post('/iam/users', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(400);
    expect(e.fieldErrors.email).toEqual(['An account with this e-mail already exists in your organisation.']);
    expect(e.fieldErrors.password).toEqual(['Too short.']);
    expect(e.message).toBe('Some fields need attention.');
  });

  it('maps 401 and 403 to their message, and reports a 401', async () => {
    const onUnauthorized = vi.fn();
    let status = 401;
    const { fetch } = recorder(() => reply(status, { message: status === 401 ? 'Not signed in.' : 'Not allowed.' }));
    const http = createHttp({ portal: 'admin', fetch, cookies: () => '', onUnauthorized });

    const e401 = (await http.get('/iam/clients').catch((e: unknown) => e)) as ApiError;
    expect(e401).toMatchObject({ status: 401, message: 'Not signed in.', fieldErrors: {} });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);

    status = 403;
    const e403 = (await http.get('/iam/clients').catch((e: unknown) => e)) as ApiError;
    expect(e403).toMatchObject({ status: 403, message: 'Not allowed.' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not treat a failed sign-in as an ended session', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = recorder(() => reply(401, { message: 'No active account found with the given credentials.' }));
    const http = createHttp({ portal: 'admin', fetch, cookies: () => '', onUnauthorized });
    await expect(http.post('/iam/auth/session', {})).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reads Retry-After of a locked sign-in', () => {
    const e = errorFromResponse(429, { message: 'Too many failed sign-in attempts. Try again in 60 seconds.' }, '60');
    expect(e.status).toBe(429);
    expect(e.retryAfter).toBe(60);
  });

  it('gives a readable message when the body is not JSON', async () => {
    const { fetch } = recorder(() => reply(502, '<html>Bad gateway</html>'));
    const http = createHttp({ portal: 'admin', fetch, cookies: () => '' });
    await expect(http.get('/iam/clients')).rejects.toMatchObject({ status: 502, message: 'The server answered 502.' });
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    const http = createHttp({ portal: 'admin', fetch: () => Promise.reject(new TypeError('Failed to fetch')), cookies: () => '' });
    await expect(http.get('/iam/clients')).rejects.toMatchObject({ status: 0 });
  });

  it('sends the portal on every request and the CSRF token on changes only', async () => {
    const { calls, fetch } = recorder(() => reply(200, {}));
    const http = createHttp({
      portal: 'customer',
      fetch,
      cookies: () => 'clientele_admin_csrf=admin-token; clientele_portal_csrf=portal%2Btoken',
    });
    await http.get('/iam/auth/session');
    await http.patch('/iam/clients/1', { name: 'x' });
    await http.del('/iam/presets/3');

    expect(headersOf(calls[0]!.init)['X-Portal']).toBe('customer');
    expect(headersOf(calls[0]!.init)['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(calls[1]!.init)['X-CSRF-Token']).toBe('portal+token');
    expect(headersOf(calls[1]!.init)['Content-Type']).toBe('application/json');
    expect(calls[1]!.init.body).toBe('{"name":"x"}');
    expect(headersOf(calls[2]!.init)['X-CSRF-Token']).toBe('portal+token');
    expect(calls[2]!.init.method).toBe('DELETE');
  });

  it('answers null for 204 No Content', async () => {
    const { fetch } = recorder(() => new Response(null, { status: 204 }));
    const http = createHttp({ portal: 'admin', fetch, cookies: () => '' });
    await expect(http.del('/iam/auth/session')).resolves.toBeNull();
  });
});

describe('readCsrfToken', () => {
  it('prefers the __Host- cookie the server sets over https, else the plain-localhost name', () => {
    expect(readCsrfToken('__Host-clientele_admin_csrf=host; clientele_admin_csrf=plain', 'admin')).toBe('host');
    expect(readCsrfToken('clientele_admin_csrf=plain', 'admin')).toBe('plain');
    expect(readCsrfToken('__Host-clientele_portal_csrf=p%2B1; __Host-clientele_admin_csrf=a', 'customer')).toBe('p+1');
    expect(readCsrfToken('__Host-clientele_admin_csrf=a', 'customer')).toBeNull();
  });
});

describe('readCookie', () => {
  it('finds one cookie among several', () => {
    expect(readCookie('a=1; clientele_admin_csrf=abc; b=2', 'clientele_admin_csrf')).toBe('abc');
    expect(readCookie('a=1', 'clientele_admin_csrf')).toBeNull();
    expect(readCookie('', 'x')).toBeNull();
  });
});

describe('the session cookie', () => {
  it('is there when the portal’s CSRF cookie is; forgetting it clears both spellings', () => {
    const set: string[] = [];
    const http = createHttp({
      portal: 'customer',
      fetch: () => Promise.reject(new Error('no request expected')),
      cookies: () => '__Host-clientele_admin_csrf=a',
      setCookie: (c) => set.push(c),
    });
    expect(http.hasSessionCookie()).toBe(false);
    expect(createHttp({ portal: 'admin', cookies: () => '__Host-clientele_admin_csrf=a' }).hasSessionCookie()).toBe(true);
    http.forgetSessionCookie();
    expect(set).toEqual([
      '__Host-clientele_portal_csrf=; Max-Age=0; Path=/; SameSite=Strict; Secure',
      'clientele_portal_csrf=; Max-Age=0; Path=/; SameSite=Strict',
    ]);
  });

  it('hands over JSON lines as they arrive, however the chunks cut them', async () => {
    const chunks = ['{"done":1,"total":3}\n{"do', 'ne":2,"total":3}\n', '{"done":3,"total":3,"completed":true}\n'];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    });
    const { calls, fetch } = recorder(() => new Response(body, { status: 200, headers: { 'Content-Type': 'application/x-ndjson' } }));
    const http = createHttp({ portal: 'admin', fetch, cookies: () => 'clientele_admin_csrf=tok' });
    const seen: unknown[] = [];
    const last = await http.postLines('/iam/clients/bulk', { action: 'set_test' }, (l) => seen.push(l));
    expect(seen).toEqual([{ done: 1, total: 3 }, { done: 2, total: 3 }, { done: 3, total: 3, completed: true }]);
    expect(last).toEqual({ done: 3, total: 3, completed: true });
    expect(headersOf(calls[0]!.init)['X-CSRF-Token']).toBe('tok');
  });

  it('reads a refused line request as an ApiError with its field errors', async () => {
    const { fetch } = recorder(() => reply(400, { errors: { ids: ['Must be a list of account ids.'] } }));
    const http = createHttp({ portal: 'admin', fetch, cookies: () => '' });
    const error = await http.postLines('/iam/clients/bulk', {}, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors.ids).toEqual(['Must be a list of account ids.']);
  });
});

