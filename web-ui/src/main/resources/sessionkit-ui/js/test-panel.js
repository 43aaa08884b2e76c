// The test panel: runs the saved flow with a request body and request headers, as the signed-in user or as a chosen
// test user, through POST /api/apps/{appId}/flows/{flowId}/test {"message", "headers"?, "asUser"?} ("asUser" is a
// user id) and shows the response
// and its status, the step trace as a timeline, and the LOCAL and GLOBAL sessions at the end of the run. The route
// runs the saved flow: with unsaved edits, Run saves first. Secret values are masked.
import { h, replace, pretty, uniqueId } from './dom.js';
import { api, seg } from './api.js';
import { auth } from './auth.js';
import { allSteps } from './flow-model.js';

const MASK = '••••••';
// Kept per flow while the page lives, so that re-rendering the panel (a save re-renders the editor) loses nothing.
const bodies = new Map(); // the last body
const headerTexts = new Map(); // the last request headers, "Name: value" lines
const runAs = new Map(); // {other: boolean, user: user id}
const results = new Map(); // the last answer, or the failure's message

/** @returns the request body last typed in the test panel for a flow, as an object, or null (none, or not an object) */
export function testMessage(appId, flowId) {
  try {
    const value = JSON.parse(bodies.get(`${appId}/${flowId}`) || 'null');
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** @param ctx {appId, flow, registry, isDirty(), save(): Promise<boolean> (true when saved)} */
export function renderTestPanel(container, ctx) {
  const key = `${ctx.appId}/${ctx.flow.id}`;
  const choice = runAs.get(key) || { other: false, user: '' };
  runAs.set(key, choice);
  const body = h('textarea', {
    id: 'test-body', class: 'mono json-editor', rows: 6, spellcheck: 'false',
    value: bodies.get(key) ?? '{\n  \n}', oninput: () => { bodies.set(key, body.value); check(); },
  });
  const bodyError = h('p', { class: 'value-error', role: 'alert', hidden: true });
  // Headers as an HTTP request shows them, one "Name: value" a line (a flow reads them as {{ request.headers.name }}).
  const headers = h('textarea', {
    id: 'test-headers', class: 'mono', rows: 2, spellcheck: 'false', placeholder: 'X-Delivery-Token: …',
    'aria-describedby': 'test-headers-help',
    value: headerTexts.get(key) ?? '', oninput: () => { headerTexts.set(key, headers.value); checkHeaders(); },
  });
  const headersError = h('p', { class: 'value-error', role: 'alert', hidden: true });
  const meId = uniqueId('as-me');
  const otherId = uniqueId('as-other');
  const asMe = h('input', { type: 'radio', name: 'run-as', id: meId, value: 'me', checked: !choice.other });
  const asOther = h('input', { type: 'radio', name: 'run-as', id: otherId, value: 'other', checked: choice.other });
  // An admin picks the user from GET /api/users (only admins may run as another user).
  const testUser = auth.isAdmin
    ? h('select', { id: 'test-user', 'aria-label': 'Test user', disabled: !choice.other },
      h('option', { value: '' }, 'Loading users…'))
    : h('input', {
      id: 'test-user', class: 'mono', placeholder: 'user id', 'aria-label': 'Test user id', value: choice.user,
      disabled: !choice.other, title: 'The id of the user to run as (an admin sees them on the Users page).',
    });
  const names = new Map([[auth.user.id, auth.user.username]]); // user id → username, for "Ran as"
  testUser.addEventListener(auth.isAdmin ? 'change' : 'input', () => { choice.user = testUser.value.trim(); });
  for (const radio of [asMe, asOther]) {
    radio.addEventListener('change', () => {
      choice.other = asOther.checked;
      testUser.disabled = !choice.other;
      if (choice.other) {
        testUser.focus();
        if (auth.isAdmin) loadUsers(); // users signed up since the panel opened are listed too
      }
    });
  }
  const dirtyNote = h('p', { class: 'notice', id: 'test-unsaved', hidden: !ctx.isDirty() },
    'You have unsaved changes: the test runs the saved flow, so Run saves them first.');
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

  /** @returns the headers typed, as {name: value}, or null when a line is not "Name: value" (shown under the field) */
  function checkHeaders() {
    const parsed = {};
    const lines = headers.value.split('\n').map((line) => line.trim()).filter(Boolean);
    for (const line of lines) {
      const match = line.match(/^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/);
      if (!match) {
        headersError.textContent = `Not a header: “${line}”. Write one “Name: value” a line.`;
        headersError.hidden = false;
        return null;
      }
      parsed[match[1]] = match[2];
    }
    headersError.hidden = true;
    return parsed;
  }

  // A save re-renders this panel: what a run shows goes into the panel in the container now, not this one.
  const show = (content) => {
    const target = container.querySelector('#test-result') || result;
    replace(target, content);
  };
  const failure = (message) => h('p', { class: 'notice notice-error', role: 'alert' }, message);

  async function start() {
    const message = check();
    const sent = checkHeaders();
    if (!message || !sent) return;
    const request = { message };
    if (Object.keys(sent).length) request.headers = sent;
    if (choice.other) {
      if (!choice.user) {
        show(h('p', { class: 'form-error', role: 'alert' }, 'Choose the test user to run as.'));
        return;
      }
      request.asUser = choice.user;
    }
    run.disabled = true;
    try {
      if (ctx.isDirty()) {
        show(h('p', { class: 'muted' }, 'Saving…'));
        if (!(await ctx.save())) {
          results.set(key, 'Not run: the flow could not be saved. Fix what the editor shows, then run again.');
          show(failure(results.get(key)));
          return;
        }
      }
      show(h('p', { class: 'muted' }, 'Running…'));
      const answer = await api.post(`/api/apps/${seg(ctx.appId)}/flows/${seg(ctx.flow.id)}/test`, request);
      answer.ranAs = names.get(answer.userId) || answer.userId;
      results.set(key, answer);
      show(showRun(answer, secrets));
    } catch (e) {
      results.set(key, e.routeMissing ? `This host cannot test flows: ${e.message}` : `The test run failed: ${e.message}`);
      show(failure(results.get(key)));
    } finally {
      run.disabled = false;
      const current = container.querySelector('#run-test');
      if (current) current.disabled = false;
    }
  }

  // The admin's list of users to run as: loaded when the panel opens and again each time "test user" is chosen.
  // The user chosen stays chosen while it is still a user; only the newest answer fills the list, and only when it
  // differs from what is shown (rows never move under a pointer while nothing changed). A list that cannot be read
  // leaves no user chosen, so Run never acts as someone the list does not show.
  let loads = 0;
  let shown = null; // the users the options show (ids, names, roles), as text; null before a list is shown
  function loadUsers() {
    const load = ++loads;
    testUser.setAttribute('aria-busy', 'true');
    api.get('/api/users').then((list) => {
      if (load !== loads) return;
      for (const u of list) names.set(u.id, u.username);
      const others = list.filter((u) => u.id !== auth.user.id);
      if (choice.user && !others.some((u) => u.id === choice.user)) choice.user = '';
      const next = JSON.stringify(others.map((u) => [u.id, u.username, u.roleId]));
      if (next === shown) return;
      shown = next;
      testUser.replaceChildren(h('option', { value: '', disabled: true, selected: !choice.user }, others.length ? 'Choose a user…' : 'No other users'),
        ...others.map((u) => h('option', { value: u.id, selected: u.id === choice.user }, `${u.username} (${u.roleId})`)));
    }).catch((e) => {
      if (load !== loads) return;
      choice.user = '';
      shown = null;
      testUser.replaceChildren(h('option', { value: '' }, `Users could not be listed: ${e.message}`));
    }).finally(() => {
      if (load === loads) testUser.removeAttribute('aria-busy');
    });
  }
  if (auth.isAdmin) loadUsers();

  const last = results.get(key);
  if (last) replace(result, typeof last === 'string' ? failure(last) : showRun(last, secrets));

  replace(container,
    h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title' }, `Test ${ctx.flow.name || ctx.flow.id}`),
      h('span', { class: 'mono muted' }, `${ctx.flow.trigger?.method || ''} /run/${ctx.appId}${ctx.flow.trigger?.path || ''}`)),
    dirtyNote,
    h('div', { class: 'test-form' },
      h('div', { class: 'field' }, h('label', { for: 'test-body' }, 'Request body (the message)'), body, bodyError),
      h('div', { class: 'field' }, h('label', { for: 'test-headers' }, 'Request headers'), headers,
        h('p', { class: 'help', id: 'test-headers-help' }, 'One “Name: value” a line, read by the flow as {{ request.headers.name }}.'),
        headersError),
      h('fieldset', { class: 'run-as' }, h('legend', {}, 'Run as'),
        h('label', { class: 'radio', for: meId }, asMe, `me (${auth.user.username})`),
        // Running as someone else reads and writes their GLOBAL session: the host allows it to admins only.
        auth.isAdmin ? [h('label', { class: 'radio', for: otherId }, asOther, 'test user'), testUser]
          : h('span', { class: 'muted' }, 'Only an admin can run a flow as another user.')),
      run),
    result);
  return { dirtyChanged: (dirty) => { dirtyNote.hidden = !dirty; } };
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

/** A copy of value with the values of secret keys masked, and the value of each row marked "secret": true. */
export function mask(value, secrets) {
  if (Array.isArray(value)) return value.map((v) => mask(v, secrets));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k,
    secrets.has(k) || (k === 'value' && value.secret === true) ? MASK : mask(v, secrets)]));
}

const ms = (value) => (typeof value === 'number' ? `${value < 10 ? value.toFixed(1) : Math.round(value)} ms` : '? ms');

function showRun(answer, secrets) {
  const trace = answer.trace || [];
  const longest = Math.max(1, ...trace.map((t) => t.durationMs || 0));
  const ok = answer.status >= 200 && answer.status < 300;
  const json = (value, id) => h('pre', { class: 'mono code-block', id }, pretty(mask(value ?? null, secrets)));
  return h('div', {},
    h('div', { class: 'run-head' },
      h('h3', {}, 'Response ', h('span', { class: ['badge', ok ? 'badge-ok' : 'badge-error'], id: 'test-status' }, String(answer.status))),
      h('span', { class: 'muted', id: 'test-ran-as' }, `as ${answer.ranAs ?? 'anonymous'} · ${ms(answer.durationMs)}`),
      h('span', { class: 'muted mono', title: 'Execution id' }, answer.executionId || '')),
    h('div', { id: 'test-response' }, json(answer.response)),
    h('h3', {}, 'Trace'),
    trace.length ? h('ol', { class: 'timeline', id: 'test-trace' }, trace.map((t) => h('li', {
      class: ['timeline-step', t.error ? 'failed' : null], dataset: { stepId: t.stepId, path: t.path || t.stepId },
    },
    h('div', { class: 'timeline-head' },
      h('span', { class: 'mono step-id' }, t.path || t.stepId), h('span', { class: 'muted mono' }, t.method || ''),
      h('span', { class: 'duration' }, ms(t.durationMs))),
    h('div', { class: 'duration-bar', style: { width: `${Math.max(2, ((t.durationMs || 0) / longest) * 100)}%` } }),
    t.error ? h('p', { class: 'form-error' }, typeof t.error === 'string' ? t.error
      : `${t.error.code ? `${t.error.code}: ` : ''}${t.error.message || pretty(t.error)}`) : null,
    h('details', {}, h('summary', {}, 'Input and output'),
      h('div', { class: 'io' }, h('div', {}, h('h4', {}, 'Input'), json(t.input)), h('div', {}, h('h4', {}, 'Output'), json(t.output)))))))
      : h('p', { class: 'muted' }, 'No steps ran.'),
    h('div', { class: 'sessions-grid' },
      h('div', { id: 'test-session-local' }, h('h3', {}, 'LOCAL session at the end'), json(answer.session?.local ?? {})),
      h('div', { id: 'test-session-global' }, h('h3', {}, `GLOBAL session of ${answer.ranAs ?? 'nobody'}`), json(answer.session?.global ?? {}))));
}
