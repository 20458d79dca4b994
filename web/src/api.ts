/** Calls the public /api/v1 routes with the session cookie (never a key in the page), plus the CSRF header. */
export interface Me {
  role: 'admin' | 'researcher' | 'staff';
  programId: string | null;
  csrf: string;
}

export interface Ratio {
  num: number;
  den: number;
  value: number | null;
  ci95: [number, number] | null;
  lowCount: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Record<string, unknown>,
  ) {
    super(typeof problem.detail === 'string' ? problem.detail : `request failed (${status})`);
  }
}

let me: Me | null = null;
export const session = {
  get: () => me,
  set: (m: Me | null) => {
    me = m;
  },
};

let onUnauthorized: () => void = () => {};
export function whenSignedOut(fn: () => void): void {
  onUnauthorized = fn;
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (init.method && init.method !== 'GET' && me) headers.set('x-dyadic-csrf', me.csrf);
  const res = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  const body = await parse(res);
  if (res.status === 401 && !path.startsWith('/ui/session')) {
    me = null;
    onUnauthorized();
  }
  if (!res.ok) throw new ApiError(res.status, (body ?? {}) as Record<string, unknown>);
  return body as T;
}

export const api = <T>(path: string) => request<T>(`/api/v1${path}`);

export async function loadMe(): Promise<Me | null> {
  try {
    me = await request<Me>('/ui/session');
  } catch {
    me = null;
  }
  return me;
}

export async function signIn(key: string): Promise<Me> {
  me = await request<Me>('/ui/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
  return me;
}

export async function signOut(): Promise<void> {
  await request('/ui/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => {});
  me = null;
}
