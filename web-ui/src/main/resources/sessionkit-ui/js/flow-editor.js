// The flow editor page: the app's flows, the palette, the flow's steps, the inspector and the test panel. The page
// edits a working copy of the app's flows and saves them with PUT /api/apps/{appId} at the version it read: a 409
// offers to reload or to overwrite; a 400 shows the server's message next to the field its details name. The app's
// warnings (what the host points out without refusing the save, such as an anonymous flow writing a SHARED session)
// mark their steps and show in the inspector; they come with the app when it is read and with every save.
import { h, replace, field, showFieldError } from './dom.js';
import { auth } from './auth.js';
import { api, seg } from './api.js';
import { toast, showError, choose, confirmAction } from './notify.js';
import { loadRegistry } from './registry.js';
import { renderPalette } from './palette.js';
import { renderCanvas } from './flow-canvas.js';
import { renderInspector } from './inspector.js';
import { chooseStep } from './add-step-menu.js';
import { renderTestPanel, testMessage } from './test-panel.js';
import { knownPaths } from './expression-paths.js';
import * as model from './flow-model.js';
import { EditHistory } from './edit-history.js';

export function renderFlowEditor(main, appId, initialFlowId) {
  let app = null;
  let flows = [];
  let registry = { plugins: [], methods: new Map() };
  let flowId = initialFlowId;
  let selectedId = null;
  let tab = 'input';
  let dirty = false;
  let errors = []; // [{flowId, stepId, field, message}]: the problems of the last refused save that still apply
  let warnings = []; // [{code, flowId, stepId, field, message}] as the host answered for the saved app
  let showTest = false;
  let canvas = null;
  let palette = null;
  let testPanel = null;
  const edits = new EditHistory('[]', {});
  let savedJson = '[]'; // the flows as last read or saved: the working copy differs from them when dirty
  // A reader (the role `user`) sees the flows as they are: no control that adds, moves, deletes or edits anything.
  const readOnly = !auth.canEdit;

  const unsaved = h('span', { class: 'unsaved', id: 'unsaved', hidden: true, role: 'status' }, '● Unsaved changes');
  const versionChip = h('span', { class: 'badge', id: 'app-version' });
  const saveButton = h('button', {
    class: 'button button-primary', id: 'save', title: 'Save (Ctrl+S)', onclick: () => save(),
  }, 'Save');
  const undoButton = h('button', {
    class: 'button', id: 'undo', title: 'Undo (Ctrl+Z)', disabled: true, onclick: () => undoRedo('undo'),
  }, '↶ Undo');
  const redoButton = h('button', {
    class: 'button', id: 'redo', title: 'Redo (Ctrl+Shift+Z)', disabled: true, onclick: () => undoRedo('redo'),
  }, '↷ Redo');
  const testButton = h('button', { class: 'button', id: 'toggle-test', 'aria-expanded': 'false', onclick: toggleTest }, 'Test');
  const title = h('h1', { id: 'app-title' }, appId);
  const flowsPanel = h('section', { class: 'flows-panel', 'aria-label': 'Flows' });
  const paletteEl = h('section', { class: 'palette', id: 'palette', 'aria-label': 'Palette' });
  const settings = h('section', { class: 'flow-settings card', id: 'flow-settings', 'aria-label': 'Flow settings' });
  const canvasEl = h('div', { class: 'canvas', id: 'canvas' });
  const toolbar = h('div', { class: 'canvas-toolbar' },
    h('h2', { class: 'panel-title' }, 'Steps'),
    readOnly ? null : h('button', { class: 'button button-small', id: 'add-step', onclick: () => addViaMenu() }, '+ Add step'));
  const stepsCard = h('div', { class: 'card steps-card' }, toolbar, canvasEl);
  const testEl = h('section', { class: 'test-panel card', id: 'test-panel', hidden: true, 'aria-label': 'Test panel' });
  const inspectorEl = h('aside', { class: 'inspector', id: 'inspector', 'aria-label': 'Inspector' });
  const banner = h('div', { class: 'banner', id: 'editor-banner', role: 'alert', hidden: true });

  replace(main,
    h('div', { class: 'page-header editor-header' },
      h('div', {}, h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '#/apps' }, 'Apps'), ' / '),
        h('div', { class: 'title-row' }, title, versionChip, unsaved)),
      // Saving and test runs need the role builder or admin (the host answers 403 to others).
      h('div', { class: 'actions' }, auth.canEdit ? [undoButton, redoButton, testButton, saveButton]
        : h('span', { class: 'muted', id: 'read-only-note' }, 'Read only: builders and admins change flows.'))),
    banner,
    h('div', { class: ['editor', readOnly ? 'read-only' : null] },
      h('aside', { class: 'editor-left' }, flowsPanel, paletteEl),
      h('section', { class: 'editor-center', 'aria-label': 'Flow' }, settings, stepsCard, testEl),
      inspectorEl));
  load();

  async function load() {
    try {
      const [loaded, plugins] = await Promise.all([api.get(`/api/apps/${seg(appId)}`), loadRegistry().catch((e) => e)]);
      app = loaded;
      flows = structuredClone(app.flows || []);
      savedJson = JSON.stringify(flows);
      edits.reset(savedJson, view());
      historyButtons();
      warnings = app.warnings || [];
      if (plugins instanceof Error) {
        showBanner(`The installed plugins could not be read, so the palette is empty: ${plugins.message}`);
      } else {
        registry = plugins;
      }
      if (!flows.some((f) => f.id === flowId)) flowId = flows[0]?.id;
      setDirty(false);
      errors = [];
      palette?.dispose();
      palette = renderPalette(paletteEl, registry, readOnly ? null : (kind) => addStep(kind));
      render();
    } catch (e) {
      replace(main, h('div', { class: 'page-header' }, h('h1', {}, appId)),
        h('p', { class: 'notice notice-error', role: 'alert' }, `The app could not be opened: ${e.message}`),
        h('p', {}, h('a', { href: '#/apps' }, '← Back to the apps')));
    }
  }

  function showBanner(message) {
    banner.textContent = message;
    banner.hidden = !message;
  }

  function setDirty(value) {
    dirty = value;
    unsaved.hidden = !dirty;
    testPanel?.dirtyChanged(dirty);
    document.title = `${dirty ? '• ' : ''}${app ? app.name : appId} — Sessionkit`;
  }

  const flow = () => flows.find((f) => f.id === flowId);

  /** What is shown, kept with each snapshot of the history. */
  function view() {
    return { flowId, selectedId };
  }

  /** Records a change in the history (changes with the same key, typing in one field, make one step) and marks it. */
  function edited(key = null) {
    edits.record(JSON.stringify(flows), view(), key);
    historyButtons();
    setDirty(edits.current.json !== savedJson);
  }

  function historyButtons() {
    undoButton.disabled = !edits.canUndo;
    redoButton.disabled = !edits.canRedo;
  }

  /** Undoes or redoes one change ('undo' | 'redo'), showing the flow and step it was made on. */
  function undoRedo(which) {
    if (readOnly || !app) return;
    const entry = which === 'undo' ? edits.undo() : edits.redo();
    if (!entry) return;
    const focused = document.activeElement?.id;
    flows = JSON.parse(entry.json);
    flowId = flows.some((f) => f.id === entry.view.flowId) ? entry.view.flowId : flows[0]?.id;
    selectedId = flow() && model.findStep(flow(), entry.view.selectedId) ? entry.view.selectedId : null;
    historyButtons();
    setDirty(entry.json !== savedJson);
    forgetGoneErrors();
    render();
    if (focused) document.getElementById(focused)?.focus();
  }

  function changed(structural = true) {
    // typing in one field of the inspector is one change; a structural change always a change of its own
    edited(structural ? null : `inspector/${selectedId}/${document.activeElement?.id || ''}`);
    forgetGoneErrors();
    if (structural) render();
    else renderCanvasOnly();
  }

  function render() {
    title.textContent = app.name;
    versionChip.textContent = `version ${app.version}`;
    renderFlows();
    renderSettings();
    renderCanvasOnly();
    renderInspectorOnly();
    if (showTest) renderTest();
    const path = `#/apps/${seg(appId)}${flowId ? `/flows/${seg(flowId)}` : ''}`;
    if (location.hash !== path) history.replaceState(null, '', path);
  }

  function renderFlows() {
    replace(flowsPanel,
      h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title' }, 'Flows'),
        readOnly ? null : h('button', { class: 'button button-small', id: 'add-flow', onclick: addFlow }, '+ Add flow')),
      flows.length ? h('ul', { class: 'flow-list' }, flows.map((f) => h('li', {},
        h('button', {
          class: ['flow-item', f.id === flowId ? 'active' : null, errors.some((e) => e.flowId === f.id) ? 'has-error' : null],
          type: 'button', dataset: { flowId: f.id },
          'aria-current': f.id === flowId ? 'true' : null,
          onclick: () => { flowId = f.id; selectedId = null; render(); },
        }, h('span', { class: 'flow-name' }, f.name || f.id),
        h('span', { class: 'flow-route mono' }, `${f.trigger?.method || '?'} ${f.trigger?.path || ''}`)))))
        : h('p', { class: 'muted' }, 'No flows yet.'));
  }

  function addFlow() {
    const created = model.newFlow(`Flow ${flows.length + 1}`, flows);
    flows.push(created);
    flowId = created.id;
    selectedId = null;
    changed(true);
    settings.querySelector('#flow-name')?.select();
  }

  function renderSettings() {
    const f = flow();
    if (!f) {
      replace(settings, h('p', { class: 'muted' }, 'This app has no flows. Add one to start.'));
      return;
    }
    f.trigger = f.trigger || { type: 'REST', method: 'POST', path: `/${f.id}`, auth: 'JWT' };
    const bind = (element, apply, event = 'input') => {
      element.addEventListener(event, () => { apply(element.value); edited(`settings/${element.id}`); renderFlows(); });
      return element;
    };
    const idInput = h('input', { id: 'flow-id', class: 'mono', value: f.id, spellcheck: 'false' });
    const idField = field('Flow id', idInput, { name: 'id' });
    idInput.addEventListener('change', () => {
      const next = idInput.value.trim();
      const problem = !/^[a-z0-9][a-z0-9-]*$/.test(next) ? 'A flow id has lower-case letters, digits and dashes.'
        : flows.some((other) => other !== f && other.id === next) ? `Another flow is called “${next}”.` : null;
      showFieldError(idField, problem);
      if (!problem && next !== f.id) { f.id = next; flowId = next; changed(true); }
    });
    const fields = [
      field('Name', bind(h('input', { id: 'flow-name', value: f.name || '' }), (v) => { f.name = v; }), { name: 'name' }),
      idField,
      field('Method', bind(h('select', { id: 'trigger-method' }, model.HTTP_METHODS.map((m) => h('option', { value: m, selected: f.trigger.method === m }, m))),
        (v) => { f.trigger.method = v; }, 'change'), { name: 'trigger.method' }),
      field('Path', bind(h('input', { id: 'trigger-path', class: 'mono', value: f.trigger.path || '', spellcheck: 'false' }), (v) => { f.trigger.path = v; }),
        { name: 'trigger.path', help: `Called as /run/${appId}${f.trigger.path || ''}` }),
      field('Authentication', bind(h('select', { id: 'trigger-auth' },
        [['JWT', 'JWT required'], ['NONE', 'Anonymous']].map(([v, label]) => h('option', { value: v, selected: f.trigger.auth === v }, label))),
      (v) => { f.trigger.auth = v; }, 'change'), { name: 'trigger.auth' }),
    ];
    for (const error of errors.filter((e) => e.flowId === f.id && !e.stepId)) {
      const target = fields.find((el) => el.dataset.field === error.field || `trigger.${error.field}` === el.dataset.field);
      if (target) showFieldError(target, error.message);
    }
    replace(settings,
      h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title' }, 'Flow'),
        readOnly ? null : h('button', { class: 'button button-small button-danger-quiet', id: 'delete-flow', onclick: deleteFlow }, 'Delete flow')),
      h('fieldset', { class: 'settings-grid locked-fields', disabled: readOnly }, fields));
  }

  async function deleteFlow() {
    const f = flow();
    if (!(await confirmAction(`Delete flow ${f.name || f.id}?`, 'The flow and its steps are removed when you save.'))) return;
    flows.splice(flows.indexOf(f), 1);
    flowId = flows[0]?.id;
    selectedId = null;
    changed(true);
  }

  function renderCanvasOnly() {
    canvas?.dispose();
    canvas = null;
    const f = flow();
    stepsCard.hidden = !f; // no empty card under "This app has no flows"
    if (!f) {
      canvasEl.replaceChildren();
      return;
    }
    canvas = renderCanvas(canvasEl, {
      flow: f, registry, selectedId, readOnly,
      errorStepIds: new Set(errors.filter((e) => e.flowId === f.id && e.stepId).map((e) => e.stepId)),
      warnings: warningsOf(f),
      onSelect: (id) => { selectedId = id; edits.view(view()); renderCanvasOnly(); renderInspectorOnly(); },
      onDrop,
      onAction,
      onAddTo: (key) => addViaMenu(key),
      blockAbove: (id) => {
        const found = model.findStep(f, id);
        return found && found.index > 0 && model.ownContainers(found.list[found.index - 1]).length > 0;
      },
      nested: (id) => model.findStep(f, id)?.container !== model.ROOT,
    });
  }

  /** The host's warnings of a flow, as messages by step id. */
  function warningsOf(f) {
    const byStep = new Map();
    for (const w of warnings) {
      if (w.flowId !== f.id) continue;
      byStep.set(w.stepId, [...(byStep.get(w.stepId) || []), w.message]);
    }
    return byStep;
  }

  function renderInspectorOnly() {
    const f = flow();
    const step = f && selectedId ? model.findStep(f, selectedId)?.step : null;
    const stepErrors = {};
    for (const error of errors.filter((e) => step && e.flowId === f.id && e.stepId === step.id)) {
      const key = error.field || 'id';
      stepErrors[key] = stepErrors[key] ? `${stepErrors[key]} ${error.message}` : error.message;
    }
    renderInspector(inspectorEl, {
      flow: f, step, registry, errors: stepErrors, tab, readOnly,
      warnings: step ? (warningsOf(f).get(step.id) || []) : [],
      paths: () => knownPaths(flows, f, step?.id, testMessage(appId, f.id)),
      onTab: (next) => { tab = next; },
      onChange: (structural) => {
        if (structural) { selectedId = step.id; changed(true); } else changed(false);
      },
    });
  }

  function onDrop(drop) {
    const f = flow();
    if (drop.kind) {
      const step = model.newStep(f, drop.kind);
      model.insertStep(f, drop.container, drop.index, step);
      selectedId = step.id;
      tab = 'input'; // a new step is configured from its inputs
    } else if (!model.moveStep(f, drop.stepId, drop.container, drop.index)) {
      toast('A step cannot go inside itself.', 'error');
    }
    changed(true);
  }

  function onAction(action, id) {
    const f = flow();
    if (action === 'remove-branch') {
      const [stepId, branchId] = id.split('/');
      const parallel = model.findStep(f, stepId).step;
      parallel.branches = parallel.branches.filter((b) => b.id !== branchId);
      changed(true);
      return;
    }
    const moved = {
      up: () => model.moveBy(f, id, -1),
      down: () => model.moveBy(f, id, 1),
      indent: () => model.indent(f, id),
      outdent: () => model.outdent(f, id),
      duplicate: () => { selectedId = model.duplicateStep(f, id)?.id; return true; },
      delete: () => { model.removeStep(f, id); if (selectedId === id) selectedId = null; return true; },
    }[action]();
    if (!moved) return;
    changed(true);
    // keep keyboard focus on the step that moved, or on the copy after a duplicate
    const focusId = action === 'duplicate' ? selectedId : id;
    if (action !== 'delete') canvasEl.querySelector(`li[data-step-id="${CSS.escape(focusId)}"] > .step-card`)?.focus();
  }

  /** Adds a step after the selected one (or at the end of the flow, or of the container key given). */
  function addStep(kind, key) {
    const f = flow();
    if (!f) {
      toast('Add a flow first.', 'error');
      return;
    }
    let container = key || model.ROOT;
    let index = (model.containerSteps(f, container) || []).length;
    if (!key && selectedId) {
      const found = model.findStep(f, selectedId);
      if (found) { container = found.container; index = found.index + 1; }
    }
    const step = model.newStep(f, kind);
    model.insertStep(f, container, index, step);
    selectedId = step.id;
    tab = 'input'; // a new step is configured from its inputs
    changed(true);
    canvasEl.querySelector(`li[data-step-id="${CSS.escape(step.id)}"] > .step-card`)?.focus();
  }

  async function addViaMenu(key) {
    const f = flow();
    if (!f) return;
    const where = key ? `at the end of ${key.replace('/', ' branch ')}`
      : selectedId ? `after ${selectedId}` : 'at the end of the flow';
    const kind = await chooseStep(registry, where);
    if (kind) addStep(kind, key);
  }

  /** Saves the flows at the version read (or the one given); true when saved. */
  async function save(version = app.version) {
    saveButton.disabled = true;
    try {
      const saved = await api.put(`/api/apps/${seg(appId)}`, {
        version, name: app.name, flows, sessionIdleTimeoutSeconds: app.sessionIdleTimeoutSeconds,
      });
      app = saved;
      flows = structuredClone(saved.flows || []);
      savedJson = JSON.stringify(flows);
      // the saved flows (with what the host adds) are the present of the history: undo goes on from there
      edits.rebase(savedJson, view());
      historyButtons();
      warnings = saved.warnings || [];
      errors = [];
      showBanner(null);
      setDirty(false);
      render();
      toast(warnings.length ? `Saved, with ${warnings.length} warning${warnings.length > 1 ? 's' : ''}: see the marked steps.`
        : 'Saved.');
      return true;
    } catch (e) {
      if (e.status === 409) return conflict(e);
      if (e.status === 400) invalid(e);
      else showError(e, 'Saving');
      return false;
    } finally {
      saveButton.disabled = false;
    }
  }

  async function conflict(e) {
    const answer = await choose('This app changed elsewhere',
      h('div', {}, h('p', {}, e.message),
        h('p', {}, 'Reload to see the saved version (your changes here are discarded), or overwrite it with yours.')),
      [{ label: 'Cancel', value: 'cancel' }, { label: 'Reload', value: 'reload' }, { label: 'Overwrite', value: 'overwrite', kind: 'danger' }]);
    if (answer === 'reload') {
      await load();
      toast('Reloaded the saved version.');
    } else if (answer === 'overwrite') {
      try {
        const current = await api.get(`/api/apps/${seg(appId)}`);
        return save(current.version);
      } catch (again) {
        showError(again, 'Overwriting');
      }
    }
    return false;
  }

  /** A 400 of a save: every problem the host listed (details.errors), each shown next to its step and field. */
  function invalid(e) {
    const d = e.details || {};
    const listed = Array.isArray(d.errors) && d.errors.length ? d.errors : [{ ...d, message: e.message }];
    errors = listed.map((p) => ({
      flowId: p.flowId || flowId, stepId: p.stepId || null, field: p.field || null, message: p.message || e.message,
    }));
    // in the order of the flows and of their steps, whatever order the host found them in
    const position = (error) => {
      const f = flows.findIndex((candidate) => candidate.id === error.flowId);
      const steps = f < 0 ? [] : [...model.allSteps(flows[f].steps)].map((step) => step.id);
      return [f, error.stepId ? steps.indexOf(error.stepId) : -1];
    };
    errors.sort((a, b) => {
      const [fa, sa] = position(a);
      const [fb, sb] = position(b);
      return fa - fb || sa - sb;
    });
    const first = errors[0];
    if (first.flowId && flows.some((f) => f.id === first.flowId)) flowId = first.flowId;
    if (first.stepId) {
      selectedId = first.stepId;
      tab = first.field && /^output/.test(first.field) ? 'output' : 'input';
    }
    showErrors();
    render();
    // The message in the inspector comes into view by scrolling the inspector alone: scrolling the page would hide
    // the banner above the editor under the sticky header.
    window.scrollTo({ top: 0 });
    const shown = inspectorEl.querySelector('.field-error:not([hidden])');
    if (shown) {
      inspectorEl.scrollTop += shown.getBoundingClientRect().top - inspectorEl.getBoundingClientRect().top
        - inspectorEl.clientHeight / 3;
    }
  }

  /** The banner above the editor: how many problems the last refused save has left, and each of them. */
  function showErrors() {
    banner.replaceChildren();
    banner.hidden = !errors.length;
    if (!errors.length) return;
    banner.append(h('p', {}, errors.length === 1 ? `Not saved: ${errors[0].message}`
      : `Not saved: ${errors.length} problems, each marked at its step and field.`));
    if (errors.length > 1) banner.append(h('ul', { class: 'banner-list' }, errors.map((error) => h('li', {}, error.message))));
  }

  /** Forgets the problems that no longer apply: those of a flow or a step that is gone. */
  function forgetGoneErrors() {
    const before = errors.length;
    errors = errors.filter((error) => {
      const f = flows.find((candidate) => candidate.id === error.flowId);
      return f && (!error.stepId || model.findStep(f, error.stepId));
    });
    if (errors.length !== before) showErrors();
  }

  function toggleTest() {
    showTest = !showTest;
    testButton.setAttribute('aria-expanded', String(showTest));
    testEl.hidden = !showTest;
    if (showTest) renderTest();
    else testPanel = null;
  }

  function renderTest() {
    const f = flow();
    if (!f) {
      testPanel = null;
      replace(testEl, h('p', { class: 'muted' }, 'Add a flow to test it.'));
      return;
    }
    testPanel = renderTestPanel(testEl, { appId, flow: f, registry, isDirty: () => dirty, save: () => save() });
  }

  // Plugins change while the host runs (marketplace): coming back to this tab re-reads them, so the palette and the
  // "plugin missing" marks follow at once.
  const refreshPlugins = async () => {
    if (document.visibilityState !== 'visible' || !app) return;
    try {
      const fresh = await loadRegistry();
      const ids = (r) => [...r.methods.keys()].sort().join(' ');
      if (ids(fresh) === ids(registry)) return;
      registry = fresh;
      palette?.dispose();
      palette = renderPalette(paletteEl, registry, readOnly ? null : (kind) => addStep(kind));
      renderCanvasOnly();
      renderInspectorOnly();
    } catch {
      // keep the palette as it is; the next save or reload reports a host that is gone
    }
  };
  document.addEventListener('visibilitychange', refreshPlugins);

  // Ctrl+S (Cmd+S) saves, Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes, as in any editor. Undo is the editor's,
  // also in a text field: it undoes the last change of the flows, typing in that field included.
  const saveKey = (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || document.querySelector('dialog[open]')) return;
    const key = event.key.toLowerCase();
    if (key === 's') {
      event.preventDefault();
      if (app && auth.canEdit && !saveButton.disabled) save();
    } else if ((key === 'z' || key === 'y') && auth.canEdit && !event.target.closest?.('#test-panel')) {
      event.preventDefault();
      undoRedo(key === 'y' || event.shiftKey ? 'redo' : 'undo');
    }
  };
  document.addEventListener('keydown', saveKey);

  return {
    dirty: () => dirty,
    leave: () => !dirty || window.confirm('You have unsaved changes in this app. Leave and lose them?'),
    dispose: () => {
      canvas?.dispose();
      palette?.dispose();
      document.removeEventListener('keydown', saveKey);
      document.removeEventListener('visibilitychange', refreshPlugins);
      document.title = 'Sessionkit';
    },
  };
}
