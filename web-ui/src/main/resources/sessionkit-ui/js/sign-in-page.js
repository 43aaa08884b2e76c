// Sign in: username and password to POST /api/auth/login; the server's message on failure.
import { h, replace } from './dom.js';
import { api } from './api.js';
import { auth } from './auth.js';

export function renderSignIn(root, reason = auth.lastReason) {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const message = h('p', { class: 'form-error', id: 'sign-in-error', role: 'alert', hidden: !reason }, reason || '');
  const submit = h('button', { class: 'button button-primary', type: 'submit', id: 'sign-in' }, 'Sign in');
  const form = h('form', { class: 'card sign-in', onsubmit: signIn },
    h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark' }, 'S'), 'Sessionkit'),
    h('h1', {}, 'Sign in'),
    h('div', { class: 'field' }, h('label', { for: 'username' }, 'Username'), username),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
    message,
    submit);

  async function signIn(event) {
    event.preventDefault();
    submit.disabled = true;
    message.hidden = true;
    try {
      const login = await api.post('/api/auth/login', { username: username.value, password: password.value });
      if (!location.hash || location.hash === '#/' || location.hash === '#') location.hash = '#/apps';
      auth.signedIn(login);
    } catch (e) {
      message.textContent = e.message;
      message.hidden = false;
      password.select();
    } finally {
      submit.disabled = false;
    }
  }

  replace(root, h('main', { class: 'sign-in-page' }, form));
  username.focus();
}
