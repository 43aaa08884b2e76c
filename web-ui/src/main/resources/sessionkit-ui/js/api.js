// The REST client: JSON in and out, the bearer token, and errors as ApiError with the server's message.
import { auth } from './auth.js';

/** An API failure: the HTTP status and the server's {"error": {"code", "message", "details"}}. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }

  /** True when the host has no such route (a feature another version of the host provides). */
  get routeMissing() {
    return this.status === 404 && this.code === 'ROUTE_NOT_FOUND';
  }
}

/**
 * Calls the API.
 * @param {string} method HTTP method
 * @param {string} path path under the host, such as /api/apps
 * @param {*} body a JSON-able body, or undefined
 * @returns the parsed JSON answer, or null for an empty one
 * @throws ApiError with a readable message for every failure, network errors included
 */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `The host cannot be reached (${e.message}). Check that it is running.`);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = json && json.error;
    const failure = new ApiError(response.status, error?.code || `HTTP_${response.status}`,
      error?.message || `${method} ${path} failed with HTTP ${response.status} ${response.statusText}.`,
      error?.details);
    if (response.status === 401 && auth.token && !path.startsWith('/api/auth/')) auth.expired(failure.message);
    throw failure;
  }
  return json;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body === undefined ? {} : body),
  put: (path, body) => request('PUT', path, body),
  delete: (path) => request('DELETE', path),
};

/** Encodes one path segment. */
export const seg = encodeURIComponent;

/** The server's error as one readable line: its message, then its status and code. */
export function describeError(e) {
  const reason = e.details?.reason && !String(e.message).includes(e.details.reason) ? ` ${e.details.reason}` : '';
  return `${e.message}${reason}${e.status ? ` (HTTP ${e.status} ${e.code})` : ''}`;
}
