// The operations API client: JSON in and out, RFC 9457 problems as ApiError, CSRF on writes.

/** The API root next to the page: <path>/api/. Built from origin and path, never from a URL with credentials. */
const base = location.origin + location.pathname.replace(/[^/]*$/, '') + 'api/';

/** A refused or failed request, carrying the problem the server answered. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered HTTP ${status}.`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem;
  }
}

let me = null;

/** Who the user is and what they may do (GET /api/me), asked once per page load. */
export function whoami() {
  me ??= get('me');
  return me;
}

/** GETs a resource; params with null, undefined or '' values are left out. */
export function get(path, params = {}) {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') url.searchParams.set(name, value);
  }
  return request(url, { method: 'GET' });
}

/** POSTs JSON with the CSRF header; retries once with a fresh token when the token was refused. */
export async function post(path, body) {
  const send = async (fresh) => request(new URL(path, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...await csrfHeader(fresh) },
    body: JSON.stringify(body),
  });
  try {
    return await send(false);
  } catch (error) {
    // A refused token changed nothing, so sending again with a new one is safe.
    if (error instanceof ApiError && error.code === 'csrf') return send(true);
    throw error;
  }
}

async function csrfHeader(fresh) {
  const csrf = (await whoami()).csrf;
  if (!csrf) return {};
  let token = fresh ? null : cookie(csrf.cookieName);
  if (!token) token = (await get('csrf')).token;
  return { [csrf.headerName]: token };
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

async function request(url, init) {
  const response = await fetch(url, {
    ...init,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json', ...init.headers },
  });
  const type = response.headers.get('Content-Type') ?? '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}
