// The inspector: the selected step's settings. A method step gets two tabs rendered from its descriptor, Input
// Configuration and Output Configuration; For Each and Parallel steps get their own few settings; a step whose
// method is not installed says so and keeps its configuration untouched.
import { h, replace, field, showFieldError, uniqueId } from './dom.js';
import { descriptorForm } from './descriptor-form.js';
import { expressionInput } from './expression-field.js';
import { absenceOf } from './registry.js';
import { DATA_TYPES, renameStep, addBranch } from './flow-model.js';

/**
 * @param container where to render
 * @param ctx {flow, step, registry, errors: {field: message}, warnings: [message], tab, onTab(tab), onChange(structural),
 *   paths(): the paths expression fields complete, readOnly: true for a reader (no control changes anything)}
 */
export function renderInspector(container, ctx) {
  const { step } = ctx;
  if (!step) {
    replace(container, h('div', { class: 'inspector-empty' },
      h('h2', {}, 'Inspector'),
      h('p', { class: 'muted' }, 'Select a step to configure it. Drag methods from the palette into the flow, or use “Add step”.')));
    return;
  }
  if (step.type === 'for-each') return replace(container, forEach(ctx));
  if (step.type === 'parallel') return replace(container, parallel(ctx));
  const entry = ctx.registry.methods.get(step.method);
  if (!entry) return replace(container, missing(ctx));
  return replace(container, methodStep(ctx, entry));
}

/**
 * The editable part of the inspector: a fieldset, disabled for a reader (the role `user`), so that none of its
 * controls changes anything; its buttons (add a row, remove, replace a secret) are hidden then.
 */
function locked(ctx, ...children) {
  return h('fieldset', { class: 'locked-fields', disabled: ctx.readOnly === true }, children);
}

/** The step id field, shared by every kind of step. */
function stepIdField(ctx) {
  const input = h('input', { id: 'step-id', value: ctx.step.id, class: 'mono', spellcheck: 'false' });
  const wrapper = field('Step id', input, { name: 'id', help: 'Names the step in traces and error messages.' });
  input.addEventListener('change', () => {
    const error = renameStep(ctx.flow, ctx.step, input.value.trim());
    showFieldError(wrapper, error);
    if (!error) ctx.onChange(true);
  });
  if (ctx.errors.id) showFieldError(wrapper, ctx.errors.id);
  return wrapper;
}

/** The host's warnings about the step (as of the last save): shown, never blocking. */
function stepWarnings(ctx) {
  if (!ctx.warnings?.length) return null;
  return h('div', { class: 'step-warnings', role: 'note', 'aria-label': 'Warnings' },
    ctx.warnings.map((message) => h('p', { class: 'notice step-warning' }, '⚠ ', message)));
}

function header(title, subtitle, description) {
  return h('div', { class: 'inspector-head' },
    h('h2', { id: 'inspector-title' }, title),
    subtitle ? h('p', { class: 'muted mono' }, subtitle) : null,
    description ? h('p', { class: 'description' }, description) : null);
}

function methodStep(ctx, { method, plugin }) {
  const { step } = ctx;
  step.input = step.input || {};
  const tabs = [
    ['input', 'Input Configuration', () => h('div', {},
      descriptorForm(method.inputs, step.input, () => ctx.onChange(false), inputErrors(ctx.errors), ctx.paths))],
    ['output', 'Output Configuration', () => outputForm(ctx, method)],
  ];
  const current = tabs.some(([key]) => key === ctx.tab) ? ctx.tab : 'input';
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel', id: 'inspector-panel' });
  const tabButtons = tabs.map(([key, label, render]) => {
    const button = h('button', {
      class: 'tab', role: 'tab', type: 'button', id: `tab-${key}`, 'aria-selected': String(key === current),
      'aria-controls': 'inspector-panel', tabindex: key === current ? 0 : -1,
      onclick: () => select(key),
      onkeydown: (e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          const next = tabs[(tabs.findIndex(([k]) => k === key) + 1) % tabs.length][0];
          select(next);
          document.getElementById(`tab-${next}`)?.focus();
        }
      },
    }, label);
    button.render = render;
    return button;
  });
  const select = (key) => {
    ctx.onTab(key);
    for (const button of tabButtons) {
      const on = button.id === `tab-${key}`;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      if (on) replace(panel, button.render());
    }
    panel.setAttribute('aria-labelledby', `tab-${key}`);
  };
  const view = h('div', { class: 'inspector-body' },
    header(method.name, `${method.id} · ${plugin.name || plugin.id}`, method.description),
    stepWarnings(ctx),
    locked(ctx, stepIdField(ctx)),
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Step configuration' }, tabButtons),
    locked(ctx, panel));
  select(current);
  return view;
}

/**
 * The server names fields like "input.parameters[0].value" or "input.scope": the errors of the input form, keyed by
 * the path under "input." ("parameters[0].value", "scope"); the form shows each next to the input, or the row's
 * cell, the path names.
 */
function inputErrors(errors) {
  const byPath = {};
  for (const [fieldName, message] of Object.entries(errors)) {
    const path = fieldName.replace(/^input\./, '');
    if (!fieldName.startsWith('output') && path !== 'id' && path !== 'method') byPath[path] = message;
  }
  return byPath;
}

/**
 * The Output Configuration: where the method's output goes. Each destination is chosen on its own (a session variable,
 * a message field, both, or neither), and the step's "output" holds only what was chosen: no scope without a
 * variable name, no data type unless a conversion is chosen (the host keeps the output as the method returns it).
 */
function outputForm(ctx, method) {
  const { step } = ctx;
  const saved = step.output || {};
  const out = {
    dataType: saved.dataType || '', scope: saved.scope || 'LOCAL', name: saved.name || '', target: saved.target || '',
    store: Boolean(saved.name), write: Boolean(saved.target),
  };
  const nameField = () => fields.find((f) => f.dataset.field === 'output.name');
  const targetField = () => fields.find((f) => f.dataset.field === 'output.target');
  const write = () => {
    const name = out.name.trim();
    const target = out.target.trim();
    const next = {};
    if (out.dataType) next.dataType = out.dataType;
    if (out.store && name) { next.scope = out.scope; next.name = name; }
    if (out.write && target) next.target = target;
    if (Object.keys(next).length) step.output = next;
    else delete step.output;
    // a chosen destination without its name is not sent; say so where the name goes
    showFieldError(nameField(), out.store && !name ? 'Name the variable, or untick “Store in a session variable”.' : null);
    showFieldError(targetField(), out.write && !target ? 'Name the message field, or untick “Write into the message”.' : null);
    ctx.onChange(false);
  };
  const control = (key, element) => {
    element.addEventListener(element.tagName === 'SELECT' ? 'change' : 'input', () => {
      out[key] = element.value;
      write();
    });
    return element;
  };
  const storeGroup = h('div', { class: 'output-group', id: 'output-store-fields', hidden: !out.store });
  const writeGroup = h('div', { class: 'output-group', id: 'output-write-fields', hidden: !out.write });
  const toggle = (key, id, label, group, focus) => {
    const box = h('input', {
      id, type: 'checkbox', checked: out[key],
      onchange: () => {
        out[key] = box.checked;
        group.hidden = !box.checked;
        write();
        if (box.checked) group.querySelector(focus)?.focus();
      },
    });
    return h('label', { class: 'checkbox output-toggle', for: id }, box, h('span', {}, label));
  };
  const fields = [
    field('Data type', control('dataType', h('select', { id: 'output-dataType' },
      h('option', { value: '', selected: !out.dataType }, `As returned (${method.output.dataType})`),
      DATA_TYPES.map((t) => h('option', { value: t, selected: out.dataType === t }, `Convert to ${t}`)))),
    { name: 'output.dataType', help: `The method returns ${method.output.dataType}. ${method.output.help || ''}`.trim() }),
    field('Scope', control('scope', h('select', { id: 'output-scope' },
      [['LOCAL', 'Local: this execution only'], ['GLOBAL', 'Global: the signed-in user, across executions']]
        .map(([value, label]) => h('option', { value, selected: out.scope === value }, label)))),
    { name: 'output.scope' }),
    field('Variable name', control('name', h('input', { id: 'output-name', value: out.name, class: 'mono', spellcheck: 'false' })),
      { name: 'output.name', help: 'Read later as {{ session.local.<name> }} or {{ session.global.<name> }}.' }),
    field('Message field', control('target', h('input', { id: 'output-target', value: out.target, class: 'mono', spellcheck: 'false' })),
      { name: 'output.target', help: 'A name or dotted path, such as delivery or order.status: the output is written there.' }),
  ];
  for (const f of fields) {
    const message = ctx.errors[f.dataset.field] || (f.dataset.field === 'output.name' ? ctx.errors.output : null);
    if (message) showFieldError(f, message);
  }
  storeGroup.append(fields[1], fields[2]);
  writeGroup.append(fields[3]);
  return h('div', { class: 'output-form' }, fields[0],
    h('fieldset', { class: 'output-destinations' }, h('legend', {}, 'Where the output goes'),
      toggle('store', 'output-store', 'Store in a session variable', storeGroup, '#output-name'), storeGroup,
      toggle('write', 'output-write', 'Write into the message', writeGroup, '#output-target'), writeGroup,
      h('p', { class: 'help' }, 'Neither: the output is only shown in the trace.')));
}

function forEach(ctx) {
  const { step } = ctx;
  const items = expressionInput({
    id: 'for-each-items', value: step.items, paths: ctx.paths, placeholder: '{{ message.items }}',
    onChange: (text) => { step.items = text ?? ''; ctx.onChange(false); },
  });
  const itemsField = field('Items', items.input, { name: 'items', help: 'An expression giving the array to iterate, such as {{ message.items }}.' });
  itemsField.querySelector('.help').before(items.list, items.message);
  if (ctx.errors.items) showFieldError(itemsField, ctx.errors.items);
  return h('div', { class: 'inspector-body' },
    header('For Each', 'core step', 'Runs its body once per element of the array.'),
    locked(ctx, stepIdField(ctx), itemsField, scopedField(ctx), targetField(ctx, 'the array of the iterations’ final messages')));
}

function parallel(ctx) {
  const { step } = ctx;
  return h('div', { class: 'inspector-body' },
    header('Parallel', 'core step', 'Runs its branches concurrently.'),
    locked(ctx, stepIdField(ctx), scopedField(ctx), targetField(ctx, 'an object of the branches’ final messages by branch id'),
    h('div', { class: 'field' }, h('span', { class: 'label' }, 'Branches'),
      h('ul', { class: 'branch-list' }, step.branches.map((branch) => h('li', { class: 'mono' }, branch.id,
        h('span', { class: 'muted' }, ` · ${branch.steps.length} step(s)`)))),
      h('button', {
        class: 'button button-small', type: 'button', id: 'add-branch',
        onclick: () => { addBranch(ctx.flow, step); ctx.onChange(true); },
      }, '+ Add branch'))));
}

/** Where a For Each or Parallel step writes its results into the message; empty means the step's id. */
function targetField(ctx, what) {
  const input = h('input', {
    id: 'step-target', class: 'mono', value: ctx.step.target || '', placeholder: ctx.step.id, spellcheck: 'false',
  });
  input.addEventListener('input', () => {
    const target = input.value.trim();
    if (target) ctx.step.target = target;
    else delete ctx.step.target;
    ctx.onChange(false);
  });
  const wrapper = field('Results field', input, {
    name: 'target', help: `The message field that receives ${what}. Empty: the step id (${ctx.step.id}).`,
  });
  if (ctx.errors.target) showFieldError(wrapper, ctx.errors.target);
  return wrapper;
}

function scopedField(ctx) {
  const id = uniqueId('scoped');
  const box = h('input', {
    id, type: 'checkbox', checked: ctx.step.scoped === true,
    onchange: () => { ctx.step.scoped = box.checked; ctx.onChange(false); },
  });
  return h('div', { class: 'field' },
    h('label', { class: 'checkbox', for: id }, box, h('span', {}, 'Scoped')),
    h('p', { class: 'help' }, 'On: each sub-process gets its own copy of the LOCAL session; its writes never reach siblings or the parent. Off: they share the parent’s LOCAL session.'));
}

function missing(ctx) {
  const { step } = ctx;
  const { plugin } = absenceOf(ctx.registry, step);
  return h('div', { class: 'inspector-body' },
    header(step.method, plugin ? `plugin ${plugin.state.toLowerCase()}` : 'method not installed'),
    h('p', { class: 'notice notice-error', role: 'alert' }, plugin
      ? `The plugin “${plugin.name || plugin.id}” that provides “${step.method}” is installed but ${plugin.state.toLowerCase()}. Enable it in the Marketplace; until then this step fails when the flow runs. Its configuration is kept as it is.`
      // the host records in "plugin" the plugin a method step was saved with
      : `No installed plugin provides “${step.method}”. Install or enable ${step.plugin ? `the plugin “${step.plugin}”` : 'its plugin'} in the Marketplace; until then this step fails when the flow runs. Its configuration is kept as it is.`),
    locked(ctx, stepIdField(ctx)),
    h('div', { class: 'field' }, h('span', { class: 'label' }, 'Configuration (read-only)'),
      h('pre', { class: 'mono code-block' }, JSON.stringify({ input: step.input, output: step.output }, null, 2))));
}
