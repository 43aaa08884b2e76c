// Sessions (admin): per app, the sessions (kind, owner, keys, expiry) from GET /api/apps/{appId}/sessions, filtered
// by user; inspect one, end one, and for one user: log out everywhere, erase their data.
import { h, replace, pretty } from './dom.js';
import { api, seg } from './api.js';
import { toast, showError, confirmAction } from './notify.js';

// The sessions routes (PRODUCT.md section 4: list, end one; per-user actions on the same resource).
const ROUTES = {
  list: (appId, user) => `/api/apps/${seg(appId)}/sessions${user ? `?user=${seg(user)}` : ''}`,
  one: (appId, id) => `/api/apps/${seg(appId)}/sessions/${seg(id)}`,
  logoutUser: (appId, user) => `/api/apps/${seg(appId)}/sessions?user=${seg(user)}&logout=true`,
  eraseUser: (appId, user) => `/api/apps/${seg(appId)}/sessions?user=${seg(user)}`,
};

export function renderSessions(main, appId) {
  const appSelect = h('select', { id: 'sessions-app', 'aria-label': 'App', onchange: () => { location.hash = `#/sessions/${seg(appSelect.value)}`; } });
  const userFilter = h('input', { id: 'sessions-user', type: 'search', placeholder: 'Filter by user id or username', 'aria-label': 'User' });
  const userActions = h('div', { class: 'actions', hidden: true },
    h('button', { class: 'button button-small', id: 'logout-user', onclick: () => perUser('logout') }, 'Log out everywhere'),
    h('button', { class: 'button button-small button-danger-quiet', id: 'erase-user', onclick: () => perUser('erase') }, 'Erase this user’s data'));
  const table = h('div', { id: 'sessions-table' }, h('p', { class: 'muted' }, 'Loading…'));
  const detail = h('aside', { class: 'card session-detail', id: 'session-detail', hidden: true });
  userFilter.addEventListener('change', () => { userActions.hidden = !userFilter.value.trim(); list(); });

  replace(main,
    h('div', { class: 'page-header' }, h('div', {}, h('h1', {}, 'Sessions'),
      h('p', { class: 'muted' }, 'What each app’s sessions hold: GLOBAL per user, SHARED by name, TOKEN by token.'))),
    h('div', { class: 'toolbar' }, appSelect, userFilter, userActions),
    h('div', { class: 'sessions-layout' }, table, detail));
  start();

  async function start() {
    try {
      const apps = await api.get('/api/apps');
      appId = appId || apps[0]?.id;
      replace(appSelect, apps.map((a) => h('option', { value: a.id, selected: a.id === appId }, a.name)));
      list();
    } catch (e) {
      replace(table, h('p', { class: 'notice notice-error', role: 'alert' }, `The apps could not be read: ${e.message}`));
    }
  }

  async function list() {
    if (!appId) {
      replace(table, h('p', { class: 'empty' }, 'There are no apps.'));
      return;
    }
    try {
      const answer = await api.get(ROUTES.list(appId, userFilter.value.trim()));
      const sessions = Array.isArray(answer) ? answer : answer?.sessions || [];
      replace(table, sessions.length ? h('table', { class: 'data-table' },
        h('thead', {}, h('tr', {}, ['Kind', 'Owner / name', 'Keys', 'Expires', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, sessions.map(row))) : h('p', { class: 'empty' }, 'No sessions.'));
    } catch (e) {
      replace(table, h('p', { class: 'notice notice-error', role: 'alert' }, e.routeMissing
        ? `This host cannot list sessions yet: ${e.message}` : `The sessions could not be read: ${e.message}`));
    }
  }

  function row(session) {
    const keys = Array.isArray(session.keys) ? session.keys : null;
    return h('tr', { dataset: { sessionId: session.id } },
      h('td', {}, h('span', { class: 'badge' }, session.kind || session.scope || '?')),
      h('td', { class: 'mono' }, session.owner || session.username || session.name || '—'),
      h('td', {}, keys ? keys.join(', ') : String(session.keyCount ?? session.keys ?? '—')),
      h('td', {}, session.expiresAt ? new Date(session.expiresAt).toLocaleString() : 'never'),
      h('td', { class: 'row-actions' },
        h('button', { class: 'button button-small', onclick: () => inspect(session) }, 'Inspect'),
        h('button', { class: 'button button-small button-danger-quiet', onclick: () => end(session) }, 'End')));
  }

  async function inspect(session) {
    detail.hidden = false;
    replace(detail, h('h2', {}, 'Session'), h('p', { class: 'muted' }, 'Loading…'));
    try {
      const full = await api.get(ROUTES.one(appId, session.id));
      replace(detail, h('h2', {}, `${session.kind || 'Session'} ${session.owner || session.name || ''}`),
        h('pre', { class: 'mono code-block' }, pretty(full)));
    } catch (e) {
      replace(detail, h('h2', {}, 'Session'), h('p', { class: 'form-error', role: 'alert' }, e.message));
    }
  }

  async function end(session) {
    if (!(await confirmAction('End this session?', 'Its data is deleted now.', 'End session'))) return;
    try {
      await api.delete(ROUTES.one(appId, session.id));
      toast('Session ended.');
      detail.hidden = true;
    } catch (e) {
      showError(e, 'Ending the session');
    }
    list();
  }

  async function perUser(action) {
    const user = userFilter.value.trim();
    const erase = action === 'erase';
    if (!(await confirmAction(erase ? `Erase ${user}’s data?` : `Log ${user} out everywhere?`,
      erase ? 'Every session of this user in this app is deleted with its data.' : 'Their tokens stop working and their GLOBAL sessions end.',
      erase ? 'Erase' : 'Log out'))) return;
    try {
      await api.delete(erase ? ROUTES.eraseUser(appId, user) : ROUTES.logoutUser(appId, user));
      toast(erase ? 'Data erased.' : 'Logged out everywhere.');
    } catch (e) {
      showError(e, erase ? 'Erasing' : 'Logging out');
    }
    list();
  }
}
