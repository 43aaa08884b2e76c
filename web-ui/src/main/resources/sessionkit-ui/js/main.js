// The shell: top bar, hash routes, and the page shown for each route.
import { h, replace } from './dom.js';
import { auth } from './auth.js';
import { api } from './api.js';
import { showError } from './notify.js';
import { renderSignIn } from './sign-in-page.js';
import { renderApps } from './apps-page.js';
import { renderFlowEditor } from './flow-editor.js';
import { renderMarketplace } from './marketplace-page.js';
import { renderSessions } from './sessions-page.js';

// Routes: pattern → page. A page is render(main, params) returning {leave?(): boolean, dispose?()} or nothing.
const ROUTES = [
  [/^#\/apps$/, renderApps],
  [/^#\/apps\/([^/]+)(?:\/flows\/([^/]+))?$/, (main, m) => renderFlowEditor(main, decode(m[1]), decode(m[2]))],
  [/^#\/marketplace$/, renderMarketplace],
  [/^#\/sessions(?:\/([^/?]+))?(?:\?(.*))?$/, (main, m) => renderSessions(main, decode(m[1]), new URLSearchParams(m[2] || ''))],
];

const decode = (part) => (part === undefined ? undefined : decodeURIComponent(part));
const root = document.getElementById('root');
let current = null;
let currentHash = null;

function topBar() {
  const link = (hash, label) => h('a', {
    href: hash, class: ['nav-link', location.hash.startsWith(hash) ? 'active' : null],
  }, label);
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/apps' }, h('span', { class: 'brand-mark' }, 'S'), 'Sessionkit'),
    h('nav', { class: 'nav', 'aria-label': 'Main' },
      link('#/apps', 'Apps'),
      auth.isAdmin ? link('#/marketplace', 'Marketplace') : null,
      auth.isAdmin ? link('#/sessions', 'Sessions') : null),
    h('div', { class: 'whoami' },
      h('span', { class: 'user-name', title: `role ${auth.user.roleId}` }, auth.user.username,
        h('span', { class: 'badge' }, auth.user.roleId)),
      h('button', { class: 'button button-quiet', id: 'sign-out', onclick: signOut }, 'Sign out')));
}

async function signOut() {
  if (current?.leave && !current.leave()) return;
  try {
    await api.post('/api/auth/logout');
  } catch (e) {
    if (e.status !== 401) showError(e, 'Signing out');
  }
  auth.clear();
}

function route() {
  if (currentHash !== null && location.hash !== currentHash && current?.leave && !current.leave()) {
    history.replaceState(null, '', currentHash); // stay: the page has unsaved changes the user keeps
    return;
  }
  current?.dispose?.();
  current = null;
  currentHash = location.hash;
  if (!auth.token) {
    renderSignIn(root);
    return;
  }
  if (!ROUTES.some(([pattern]) => pattern.test(location.hash))) {
    location.replace('#/apps');
    return;
  }
  const main = h('main', { class: 'page' });
  replace(root, topBar(), main);
  for (const [pattern, render] of ROUTES) {
    const match = location.hash.match(pattern);
    if (match) {
      current = render(main, match) || null;
      break;
    }
  }
}

window.addEventListener('hashchange', () => {
  if (location.hash !== currentHash) route();
});
// A page that rewrites its own address (history.replaceState, which fires no hashchange) says so, so the router
// knows the address it shows and a later link to another address of the page is a navigation.
window.addEventListener('sessionkit:address-replaced', () => { currentHash = location.hash; });
window.addEventListener('beforeunload', (event) => {
  if (current?.dirty?.()) event.preventDefault();
});
auth.onChange(() => {
  currentHash = null;
  current?.dispose?.();
  current = null;
  route();
});
route();
