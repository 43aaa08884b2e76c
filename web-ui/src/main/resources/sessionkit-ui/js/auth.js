// Who is signed in. The token is kept in sessionStorage: it lasts as long as the browser tab.
const KEY = 'sessionkit.auth';

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

const listeners = new Set();
let state = load();

export const auth = {
  /** Why the user was last signed out by the host (shown on the sign-in page), or null. */
  lastReason: null,
  get token() {
    return state?.token || null;
  },
  get user() {
    return state?.user || null;
  },
  get isAdmin() {
    return state?.user?.roleId === 'admin';
  },
  /** Whether the signed-in user may change apps and run flow tests (admins and builders; the role `user` may not). */
  get canEdit() {
    return ['admin', 'builder'].includes(state?.user?.roleId);
  },
  /** Stores a login answer {"token", "user", "expiresAt"}. */
  signedIn(login) {
    state = { token: login.token, user: login.user, expiresAt: login.expiresAt };
    this.lastReason = null;
    sessionStorage.setItem(KEY, JSON.stringify(state));
    listeners.forEach((listener) => listener(null));
  },
  /** Forgets the token (after sign-out, or when the host refused it). */
  clear(reason = null) {
    state = null;
    this.lastReason = reason;
    sessionStorage.removeItem(KEY);
    listeners.forEach((listener) => listener(reason));
  },
  /** Called by the API client when the host answers 401 to a stored token. */
  expired(message) {
    this.clear(`You were signed out: ${message}`);
  },
  /** @param listener called with a reason (or null) whenever the user signs in or out */
  onChange(listener) {
    listeners.add(listener);
  },
};
