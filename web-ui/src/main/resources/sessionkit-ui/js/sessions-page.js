// Sessions (admin): per app, the live sessions (GET /api/apps/{appId}/sessions, docs/api.md "Session
// administration"), filtered by scope and by user (a username is resolved to its id through GET /api/users);
// inspect one (values, secrets as ***), end one; for the chosen user: log out everywhere, erase their data.
import { h, replace } from './dom.js';
import { api, seg, describeError } from './api.js';
import { auth } from './auth.js';
import { toast, confirmAction } from './notify.js';

const ROUTES = {
  list: (appId, { userId, scope }) => {
    const query = new URLSearchParams();
    if (userId) query.set('userId', userId);
    if (scope) query.set('scope', scope);
    const text = query.toString();
    return `/api/apps/${seg(appId)}/sessions${text ? `?${text}` : ''}`;
  },
  one: (appId, sessionId) => `/api/apps/${seg(appId)}/sessions/${seg(sessionId)}`,
  users: () => '/api/users',
  logoutEverywhere: (userId) => `/api/users/${seg(userId)}/logout-everywhere`,
  erase: (userId) => `/api/users/${seg(userId)}/sessions`,
};

const SCOPES = ['LOCAL', 'GLOBAL', 'SHARED', 'TOKEN'];

/** @param seconds a duration @return it in words: "45 s", "12 min", "3 h 5 min", "2 d 4 h" */
function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

function bytes(n) {
  if (n === null || n === undefined) return '—';
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

/**
 * @param appId   the app whose sessions are shown (the first app when absent)
 * @param filters the page's filters from its address (`#/sessions/{appId}?user=…&scope=…`): kept in the address as
 *                they change, so switching the app or reloading the page keeps them
 */
export function renderSessions(main, appId, filters = new URLSearchParams()) {
  const appSelect = h('select', { id: 'sessions-app', 'aria-label': 'App', onchange: () => { location.hash = address(appSelect.value); } });
  const scopeSelect = h('select', { id: 'sessions-scope', 'aria-label': 'Scope', onchange: () => list() },
    h('option', { value: '' }, 'All scopes'), SCOPES.map((s) => h('option', { value: s }, s)));
  const userInput = h('input', {
    id: 'sessions-user', type: 'search', placeholder: 'Username or user id', 'aria-label': 'User', autocomplete: 'off',
  });
  const userForm = h('form', { class: 'user-filter', onsubmit: (event) => { event.preventDefault(); chooseUser(); } },
    h('label', { class: 'toolbar-field' }, 'User', userInput),
    h('button', { class: 'button', type: 'submit', id: 'sessions-user-apply' }, 'Filter'));
  const userPanel = h('div', { class: 'user-panel', id: 'user-panel', hidden: true });
  const summary = h('p', { class: 'muted', id: 'sessions-summary' });
  const table = h('div', { id: 'sessions-table' }, h('p', { class: 'muted' }, 'Loading…'));
  const detail = h('aside', { class: 'card session-detail', id: 'session-detail', hidden: true });
  let user = null; // the chosen user {id, username, roleId}, or null
  let users = null; // GET /api/users, read when a user is first looked up
  let inspected = null; // the id of the session shown in the detail panel
  userInput.addEventListener('search', () => { if (!userInput.value.trim()) chooseUser(); });

  replace(main,
    h('div', { class: 'page-header' }, h('div', {}, h('h1', {}, 'Sessions'),
      h('p', { class: 'muted' }, 'What each app’s sessions hold: GLOBAL per user, LOCAL per execution, SHARED by name, TOKEN by token.')),
    h('div', { class: 'actions' }, h('button', { class: 'button', id: 'sessions-refresh', onclick: () => list() }, 'Refresh'))),
    h('div', { class: 'toolbar' }, h('label', { class: 'toolbar-field' }, 'App', appSelect),
      h('label', { class: 'toolbar-field' }, 'Scope', scopeSelect), userForm),
    userPanel, summary,
    h('div', { class: 'sessions-layout' }, table, detail));
  start();

  async function start() {
    try {
      const apps = await api.get('/api/apps');
      appId = appId || apps[0]?.id;
      replace(appSelect, apps.map((a) => h('option', { value: a.id, selected: a.id === appId }, a.name ? `${a.name} (${a.id})` : a.id)));
      scopeSelect.value = SCOPES.includes(filters.get('scope')) ? filters.get('scope') : '';
      userInput.value = filters.get('user') || '';
      if (userInput.value) chooseUser(); else list();
    } catch (e) {
      replace(table, h('p', { class: 'notice notice-error', role: 'alert' }, `The apps could not be read: ${describeError(e)}`));
    }
  }

  async function chooseUser() {
    const wanted = userInput.value.trim();
    if (!wanted) {
      user = null;
      showUserPanel();
      list();
      return;
    }
    try {
      users = await api.get(ROUTES.users());
    } catch (e) {
      showUserPanel(`The users could not be read: ${describeError(e)}`);
      return;
    }
    user = users.find((u) => u.username === wanted) || users.find((u) => u.id === wanted)
      || users.find((u) => u.username.toLowerCase() === wanted.toLowerCase()) || null;
    if (!user) {
      showUserPanel(`No user has the username or id “${wanted}”.`);
      replace(table);
      summary.textContent = '';
      return;
    }
    showUserPanel();
    list();
  }

  function showUserPanel(error, result) {
    userPanel.hidden = !error && !user;
    if (error) {
      replace(userPanel, h('p', { class: 'notice notice-error', role: 'alert' }, error));
      return;
    }
    if (!user) return;
    replace(userPanel, h('div', { class: 'card user-card' },
      h('div', {}, h('strong', { class: 'user-card-name' }, user.username), h('span', { class: 'badge' }, user.roleId),
        h('span', { class: 'muted mono user-card-id' }, ` ${user.id}`),
        h('p', { class: 'muted' }, 'Only this user’s GLOBAL session in this app is listed. The actions below apply in every app.')),
      h('div', { class: 'actions' },
        h('button', { class: 'button button-small', id: 'logout-user', onclick: (e) => perUser('logout', e.currentTarget) }, 'Log out everywhere'),
        h('button', { class: 'button button-small button-danger-quiet', id: 'erase-user', onclick: (e) => perUser('erase', e.currentTarget) }, 'Erase their data'))),
    result ? h('p', { class: 'notice notice-ok', id: 'user-result', role: 'status' }, result) : null);
  }

  /** @return the page's address for an app, with the current filters */
  function address(forApp) {
    const query = new URLSearchParams();
    if (user) query.set('user', user.username);
    if (scopeSelect.value) query.set('scope', scopeSelect.value);
    const text = query.toString();
    return `#/sessions/${seg(forApp)}${text ? `?${text}` : ''}`;
  }

  async function list() {
    if (appId && main.isConnected) { // the filters, for a reload or another app; not once the admin has left
      history.replaceState(null, '', address(appId));
      window.dispatchEvent(new Event('sessionkit:address-replaced'));
    }
    if (!appId) {
      replace(table, h('p', { class: 'empty' }, 'There are no apps.'));
      return;
    }
    try {
      const answer = await api.get(ROUTES.list(appId, { userId: user?.id, scope: scopeSelect.value }));
      const sessions = answer.sessions || [];
      summary.textContent = sessions.length < answer.total
        ? `Showing ${sessions.length} of ${answer.total} sessions, newest first.`
        : `${answer.total} session${answer.total === 1 ? '' : 's'}, newest first.`;
      replace(table, sessions.length ? h('table', { class: 'data-table sessions' },
        h('thead', {}, h('tr', {}, ['Scope', 'Owner / name', 'Keys', 'Size', 'Created', 'Expires', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, sessions.map(row))) : h('p', { class: 'empty' }, 'No sessions match.'));
      if (inspected && !sessions.some((s) => s.id === inspected)) closeDetail();
    } catch (e) {
      summary.textContent = '';
      replace(table, h('p', { class: 'notice notice-error', role: 'alert' }, `The sessions could not be read: ${describeError(e)}`));
    }
  }

  function ownerCell(session) {
    if (session.owner) {
      return h('button', {
        class: 'link-button', title: 'Filter by this user', dataset: { userId: session.owner.id },
        onclick: () => { userInput.value = session.owner.username || session.owner.id; chooseUser(); },
      }, session.owner.username || h('span', { class: 'muted' }, `deleted user ${session.owner.id}`));
    }
    return session.name ? h('span', {}, h('span', { class: 'muted' }, 'name '), session.name) : h('span', { class: 'muted' }, '—');
  }

  function expiresCell(session) {
    if (!session.expiresAt) return h('span', { class: 'muted' }, 'never');
    return h('span', { title: when(session.expiresAt) }, `in ${duration(Math.max(0, session.remainingSeconds))}`);
  }

  function row(session) {
    return h('tr', { dataset: { sessionId: session.id, scope: session.scope }, class: session.id === inspected ? 'selected' : null },
      h('td', {}, h('span', { class: ['badge', `badge-scope-${session.scope.toLowerCase()}`] }, session.scope)),
      h('td', { class: 'owner-cell' }, ownerCell(session)),
      h('td', { class: 'num' }, String(session.keyCount)),
      h('td', { class: 'num' }, bytes(session.bytes)),
      h('td', { title: session.createdAt || '' }, when(session.createdAt)),
      h('td', {}, expiresCell(session)),
      h('td', {}, h('div', { class: 'row-actions' },
        h('button', { class: 'button button-small', dataset: { action: 'inspect' }, onclick: () => inspect(session) }, 'Inspect'),
        h('button', { class: 'button button-small button-danger-quiet', dataset: { action: 'end' }, onclick: () => end(session) }, 'End'))));
  }

  function closeDetail() {
    inspected = null;
    detail.hidden = true;
    table.querySelectorAll('tr.selected').forEach((tr) => tr.classList.remove('selected'));
  }

  async function inspect(session) {
    inspected = session.id;
    table.querySelectorAll('tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.sessionId === session.id));
    detail.hidden = false;
    const close = h('button', { class: 'icon-button', 'aria-label': 'Close', onclick: closeDetail }, '×');
    const title = h('div', { class: 'detail-head' }, h('h2', {}, `${session.scope} session`), close);
    replace(detail, title, h('p', { class: 'muted' }, 'Loading…'));
    try {
      const full = await api.get(ROUTES.one(appId, session.id));
      if (inspected !== session.id) return;
      const secrets = new Set(full.secretNames || []);
      const names = Object.keys(full.values || {}).sort();
      const meta = [
        ['Id', h('span', { class: 'mono' }, full.id)],
        full.owner ? ['Owner', full.owner.username || full.owner.id] : null,
        full.name ? ['Name', full.name] : null,
        ['Keys', `${full.keyCount} · ${bytes(full.bytes)} · version ${full.version}`],
        ['Created', when(full.createdAt)],
        ['Expires', full.expiresAt ? `${when(full.expiresAt)} (in ${duration(Math.max(0, full.remainingSeconds))})` : 'never'],
        full.expiry ? ['Expiry', Object.entries(full.expiry).filter(([, v]) => v !== null && v !== false)
          .map(([k, v]) => (v === true ? k : `${k} ${v}`)).join(', ') || '—'] : null,
      ].filter(Boolean);
      replace(detail, title,
        h('dl', { class: 'meta-list' }, meta.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
        h('h3', {}, 'Values'),
        names.length ? h('table', { class: 'data-table values-table' },
          h('tbody', {}, names.map((name) => h('tr', { dataset: { key: name } },
            h('th', { scope: 'row', class: 'mono value-cell' }, name, secrets.has(name) ? h('span', { class: 'badge badge-warn' }, 'secret') : null),
            h('td', { class: 'mono value-cell' }, JSON.stringify(full.values[name]))))))
          : h('p', { class: 'empty' }, 'No values.'),
        h('div', { class: 'actions detail-actions' },
          h('button', { class: 'button button-small button-danger-quiet', onclick: () => end(session) }, 'End this session')));
    } catch (e) {
      replace(detail, title, h('p', { class: 'form-error', role: 'alert' }, describeError(e)));
    }
  }

  async function end(session) {
    const who = session.owner ? ` of ${session.owner.username || session.owner.id}` : session.name ? ` “${session.name}”` : '';
    if (!(await confirmAction(`End this ${session.scope} session${who}?`,
      'Its data is deleted now. A user whose GLOBAL session ends stays signed in and starts an empty one on the next call.',
      'End session'))) return;
    try {
      await api.delete(ROUTES.one(appId, session.id));
      toast('Session ended.');
      if (inspected === session.id) closeDetail();
    } catch (e) {
      toast(`Ending the session failed: ${describeError(e)}`, 'error');
    }
    list();
  }

  async function perUser(action, button) {
    const target = user;
    const erase = action === 'erase';
    const self = target.id === auth.user?.id;
    if (!(await confirmAction(erase ? `Erase ${target.username}’s session data?` : `Log ${target.username} out everywhere?`,
      (erase ? 'Their GLOBAL sessions end in every app and their data is deleted. Their tokens stay valid.'
        : 'Every token they hold stops working and their GLOBAL sessions end in every app. They can sign in again.')
        + (self && !erase ? ' This is you: you will be signed out.' : ''),
      erase ? 'Erase data' : 'Log out everywhere'))) return;
    const buttons = [...userPanel.querySelectorAll('button')];
    const label = button.textContent;
    buttons.forEach((b) => { b.disabled = true; });
    button.textContent = erase ? 'Erasing…' : 'Logging out…';
    button.setAttribute('aria-busy', 'true');
    try {
      const answer = erase ? await api.delete(ROUTES.erase(target.id)) : await api.post(ROUTES.logoutEverywhere(target.id));
      const ended = `${answer.sessionsEnded} GLOBAL session${answer.sessionsEnded === 1 ? '' : 's'} ended`;
      showUserPanel(null, erase ? `${target.username}’s data is erased: ${ended}.`
        : `${target.username} is logged out everywhere: their tokens are revoked, ${ended}.`);
      list();
    } catch (e) {
      button.textContent = label;
      button.removeAttribute('aria-busy');
      buttons.forEach((b) => { b.disabled = false; });
      toast(`${label} failed: ${describeError(e)}`, 'error');
    }
  }
}
