// The test panel: runs the saved flow with a request body, as the signed-in user or as a chosen test user, through
// POST /api/apps/{appId}/flows/{flowId}/test {"message", "asUser"?} and shows the response, the step trace as a
// timeline, and the LOCAL and GLOBAL sessions at the end of the run. Secret values are masked.
import { h, replace, pretty, uniqueId } from './dom.js';
import { api, seg } from './api.js';
import { auth } from './auth.js';
import { allSteps } from './flow-model.js';

const MASK = '••••••';
const bodies = new Map(); // the last body per flow, kept while the page lives

/** @param ctx {appId, flow, registry, isDirty()} */
export function renderTestPanel(container, ctx) {
  const key = `${ctx.appId}/${ctx.flow.id}`;
  const body = h('textarea', {
    id: 'test-body', class: 'mono json-editor', rows: 6, spellcheck: 'false',
    value: bodies.get(key) ?? '{\n  \n}', oninput: () => { bodies.set(key, body.value); check(); },
  });
  const bodyError = h('p', { class: 'value-error', role: 'alert', hidden: true });
  const meId = uniqueId('as-me');
  const otherId = uniqueId('as-other');
  const asMe = h('input', { type: 'radio', name: 'run-as', id: meId, value: 'me', checked: true });
  const asOther = h('input', { type: 'radio', name: 'run-as', id: otherId, value: 'other' });
  const testUser = h('input', { id: 'test-user', placeholder: 'username', 'aria-label': 'Test user', list: 'test-users', disabled: true });
  const users = h('datalist', { id: 'test-users' });
  for (const radio of [asMe, asOther]) radio.addEventListener('change', () => { testUser.disabled = !asOther.checked; if (asOther.checked) testUser.focus(); });
  const run = h('button', { class: 'button button-primary', id: 'run-test', onclick: start }, 'Run');
  const result = h('div', { class: 'test-result', id: 'test-result', 'aria-live': 'polite' });
  const secrets = secretNames(ctx);

  function check() {
    try {
      const value = JSON.parse(body.value || '{}');
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the body must be a JSON object');
      bodyError.hidden = true;
      return value;
    } catch (e) {
      bodyError.textContent = `Not valid JSON: ${e.message}`;
      bodyError.hidden = false;
      return null;
    }
  }

  async function start() {
    const message = check();
    if (!message) return;
    const request = { message };
    if (asOther.checked) {
      if (!testUser.value.trim()) {
        replace(result, h('p', { class: 'form-error', role: 'alert' }, 'Enter the test user to run as.'));
        return;
      }
      request.asUser = testUser.value.trim();
    }
    run.disabled = true;
    replace(result, h('p', { class: 'muted' }, 'Running…'));
    try {
      const answer = await api.post(`/api/apps/${seg(ctx.appId)}/flows/${seg(ctx.flow.id)}/test`, request);
      replace(result, showRun(answer, secrets));
    } catch (e) {
      replace(result, h('p', { class: 'notice notice-error', role: 'alert' }, e.routeMissing
        ? `This host cannot test flows yet: ${e.message}` : `The test run failed: ${e.message}`));
    } finally {
      run.disabled = false;
    }
  }

  if (auth.isAdmin) {
    api.get('/api/users').then((list) => users.replaceChildren(...list.map((u) => h('option', { value: u.username }))))
      .catch(() => { /* the datalist stays empty; typing a username still works */ });
  }

  replace(container,
    h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title' }, `Test ${ctx.flow.name || ctx.flow.id}`),
      h('span', { class: 'mono muted' }, `${ctx.flow.trigger?.method || ''} /run/${ctx.appId}${ctx.flow.trigger?.path || ''}`)),
    ctx.isDirty() ? h('p', { class: 'notice' }, 'You have unsaved changes: the test runs the saved flow. Save first to test them.') : null,
    h('div', { class: 'test-form' },
      h('div', { class: 'field' }, h('label', { for: 'test-body' }, 'Request body (the message)'), body, bodyError),
      h('fieldset', { class: 'run-as' }, h('legend', {}, 'Run as'),
        h('label', { class: 'radio', for: meId }, asMe, `me (${auth.user.username})`),
        h('label', { class: 'radio', for: otherId }, asOther, 'test user'), testUser, users),
      run),
    result);
}

/** Parameter and input names whose values are masked: secret descriptor inputs, secret parameter rows. */
function secretNames(ctx) {
  const names = new Set();
  for (const { method } of ctx.registry.methods.values()) {
    for (const input of method.inputs) if (input.secret) names.add(input.id);
  }
  for (const step of allSteps(ctx.flow.steps)) {
    for (const row of step.input?.parameters || []) if (row && row.secret === true && row.name) names.add(row.name);
  }
  return names;
}

/** A copy of value with the values of secret keys masked. */
export function mask(value, secrets) {
  if (Array.isArray(value)) return value.map((v) => mask(v, secrets));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secrets.has(k) ? MASK : mask(v, secrets)]));
}

function showRun(answer, secrets) {
  const trace = answer.trace || [];
  const longest = Math.max(1, ...trace.map((t) => t.durationMs || 0));
  const ok = answer.status >= 200 && answer.status < 300;
  const json = (value) => h('pre', { class: 'mono code-block' }, pretty(mask(value, secrets)));
  return h('div', {},
    h('h3', {}, 'Response ', h('span', { class: ['badge', ok ? 'badge-ok' : 'badge-error'], id: 'test-status' }, String(answer.status))),
    h('div', { id: 'test-response' }, json(answer.response)),
    h('h3', {}, 'Trace'),
    trace.length ? h('ol', { class: 'timeline', id: 'test-trace' }, trace.map((t) => h('li', {
      class: ['timeline-step', t.error ? 'failed' : null], dataset: { stepId: t.stepId },
    },
    h('div', { class: 'timeline-head' },
      h('span', { class: 'mono step-id' }, t.stepId), h('span', { class: 'muted mono' }, t.method || ''),
      h('span', { class: 'duration' }, `${t.durationMs ?? '?'} ms`)),
    h('div', { class: 'duration-bar', style: { width: `${Math.max(2, ((t.durationMs || 0) / longest) * 100)}%` } }),
    t.error ? h('p', { class: 'form-error' }, typeof t.error === 'string' ? t.error : t.error.message || pretty(t.error)) : null,
    h('details', {}, h('summary', {}, 'Input and output'),
      h('div', { class: 'io' }, h('div', {}, h('h4', {}, 'Input'), json(t.input)), h('div', {}, h('h4', {}, 'Output'), json(t.output)))))))
      : h('p', { class: 'muted' }, 'No steps ran.'),
    h('div', { class: 'sessions-grid' },
      h('div', { id: 'test-session-local' }, h('h3', {}, 'LOCAL session at the end'), json(answer.session?.local ?? {})),
      h('div', { id: 'test-session-global' }, h('h3', {}, 'GLOBAL session'), json(answer.session?.global ?? {}))));
}
