// The one way pages talk to the server: /v1 with the signed-in user's bearer token. Errors come
// back in the API's single shape ({ error: { code, message } }) and are thrown as ApiError so a
// page can show what went wrong and what to do.

const TOKEN_KEY = 'teachback.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Takes a token from the URL fragment (`#access_token=...`, as an OIDC implicit redirect or the
 * demo's printed link gives it), keeps it for this tab only, and removes it from the address bar
 * at once so it never lands in history, bookmarks or screenshots.
 */
export function takeTokenFromLocation(): string | null {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromHash = hash.get('access_token') ?? hash.get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

export function currentToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Listeners told when the server refuses the token (expired, user deactivated). */
const signedOut = new Set<() => void>();
export function onSignedOut(fn: () => void): () => void {
  signedOut.add(fn);
  return () => signedOut.delete(fn);
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function request(method: string, path: string, body?: unknown) {
  const token = currentToken();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(
      0,
      'NETWORK.UNREACHABLE',
      'The Teachback server did not answer. Check your connection and try again.',
    );
  }
  if (!res.ok) {
    let code = 'HTTP.ERROR';
    let message = `The server answered ${res.status}.`;
    try {
      const j = (await res.json()) as { error?: { code?: string; message?: string } };
      code = j.error?.code ?? code;
      message = j.error?.message ?? message;
    } catch {
      // Not JSON (a proxy's page): keep the generic message.
    }
    if (res.status === 401) {
      clearToken();
      for (const fn of signedOut) fn();
    }
    throw new ApiError(res.status, code, message);
  }
  return res;
}

export const api = {
  async get<T>(path: string, query?: Query): Promise<T> {
    const res = await request('GET', withQuery(path, query));
    return (await res.json()) as T;
  },
  async post<T>(path: string, body?: unknown): Promise<T> {
    const res = await request('POST', path, body ?? {});
    return (res.status === 204 ? undefined : await res.json()) as T;
  },
  async put<T>(path: string, body?: unknown): Promise<T> {
    const res = await request('PUT', path, body ?? {});
    return (res.status === 204 ? undefined : await res.json()) as T;
  },
  /** True when the route exists (another feature may not be installed yet): a 404 route is "absent". */
  async optional<T>(path: string, query?: Query): Promise<T | null> {
    try {
      return await api.get<T>(path, query);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'HTTP.NOT_FOUND' || e.status === 501)) return null;
      throw e;
    }
  },
};
