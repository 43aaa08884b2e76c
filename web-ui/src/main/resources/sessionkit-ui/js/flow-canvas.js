// The flow as nested step lists. Every list (the flow, each For Each body, each Parallel branch) is a SortableJS drop
// zone: palette items dropped in become new steps, steps dragged between or within lists move. Each step also has
// buttons for every drag (move up/down, into the block above, out of its block), duplicate and delete.
import Sortable from 'sortablejs';
import { h, replace } from './dom.js';
import { ROOT, CORE_STEPS } from './flow-model.js';
import { DRAG } from './palette.js';
import { icon } from './icons.js';
import { absenceOf } from './registry.js';

/**
 * @param container where to render
 * @param ctx {flow, registry, selectedId, readOnly (a reader: no drag, no step buttons), errorStepIds: Set, warnings: Map(stepId -> [message]), onSelect(id),
 *   onDrop(drop), onAction(action, id), onAddTo(key)}
 *   drop: {container, index, kind} for a palette item, {container, index, stepId} for a moved step
 * @returns {dispose()}
 */
export function renderCanvas(container, ctx) {
  const sortables = [];

  const list = (key, steps, label) => {
    const ol = h('ol', { class: 'step-list', dataset: { container: key }, 'aria-label': label },
      steps.map((step, index) => stepItem(step, index, steps.length)));
    if (ctx.readOnly) return ol; // a reader moves nothing
    sortables.push(Sortable.create(ol, {
      ...DRAG, group: { name: 'flow', pull: true, put: true }, handle: '.step-card', draggable: '.step',
      fallbackOnBody: true, swapThreshold: 0.65, emptyInsertThreshold: 24, filter: 'button, input, select, textarea',
      preventOnFilter: false, onAdd: dropped, onUpdate: dropped,
    }));
    return ol;
  };

  // SortableJS has moved DOM nodes; the model is the truth, so the flow editor re-renders from it.
  function dropped(evt) {
    const drop = { container: evt.to.dataset.container, index: evt.newIndex };
    if (evt.from.classList.contains('palette-list')) {
      drop.kind = evt.item.dataset.method ? { method: evt.item.dataset.method } : { type: evt.item.dataset.type };
      evt.item.remove();
    } else {
      drop.stepId = evt.item.dataset.stepId;
    }
    setTimeout(() => ctx.onDrop(drop), 0);
  }

  const stepItem = (step, index, count) => {
    const entry = step.method ? ctx.registry.methods.get(step.method) : null;
    const core = CORE_STEPS.find((c) => c.type === step.type);
    const isMissing = Boolean(step.method) && !entry;
    const absence = isMissing ? absenceOf(ctx.registry, step) : null;
    const stepWarnings = ctx.warnings?.get(step.id) || [];
    const title = core ? core.name : entry ? entry.method.name : step.method;
    const subtitle = core ? (step.type === 'for-each' ? `each of ${step.items || '…'}` : `${step.branches.length} branch(es)`)
      : step.method;
    const button = (action, label, text, disabled) => h('button', {
      class: 'icon-button', type: 'button', 'aria-label': `${label} ${step.id}`, title: label, disabled,
      dataset: { action }, onclick: (e) => { e.stopPropagation(); ctx.onAction(action, step.id); },
    }, text);
    // A focusable group (not a button: it holds buttons). Enter selects, Alt+arrows move, Delete deletes.
    const card = h('div', {
      class: 'step-card', tabindex: 0, role: 'group', 'aria-current': ctx.selectedId === step.id ? 'true' : null,
      'aria-label': `Step ${step.id}: ${title}${isMissing ? ` (${absence.label})` : ''}${stepWarnings.length ? ' (warning)' : ''}. Enter selects${ctx.readOnly ? '' : '; Alt+Up and Alt+Down move'}.`,
      onclick: () => ctx.onSelect(step.id),
      onkeydown: (e) => {
        if (e.target !== card) return;
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); ctx.onSelect(step.id); }
        if (ctx.readOnly) return;
        if (e.altKey && e.key === 'ArrowUp') { e.preventDefault(); ctx.onAction('up', step.id); }
        if (e.altKey && e.key === 'ArrowDown') { e.preventDefault(); ctx.onAction('down', step.id); }
        if (e.key === 'Delete') { e.preventDefault(); ctx.onAction('delete', step.id); }
      },
    },
    h('span', { class: 'drag-handle', 'aria-hidden': 'true' }, '⠿'),
    h('span', { class: 'step-text' },
      h('span', { class: 'step-title' }, title, h('span', { class: 'step-id mono' }, step.id)),
      h('span', { class: 'step-sub mono' }, subtitle),
      isMissing ? h('span', {
        class: 'badge badge-error', title: absence.plugin ? `The plugin ${absence.plugin.name || absence.plugin.id} is installed but ${absence.plugin.state.toLowerCase()}`
          : 'No installed plugin provides this method',
      }, absence.label) : null,
      stepWarnings.length ? h('span', { class: 'badge badge-warn step-warning-badge', title: stepWarnings.join('\n') }, '⚠ warning') : null,
      outputBadge(step)),
    ctx.readOnly ? null : h('span', { class: 'step-actions' },
      button('up', 'Move up', icon('up'), index === 0),
      button('down', 'Move down', icon('down'), index === count - 1),
      button('indent', 'Move into the block above', icon('indent'), !(index > 0 && ctx.blockAbove?.(step.id))),
      button('outdent', 'Move out of this block', icon('outdent'), !ctx.nested?.(step.id)),
      button('duplicate', 'Duplicate', icon('duplicate')),
      button('delete', 'Delete', icon('delete'))));
    const li = h('li', {
      class: ['step', isMissing ? 'missing' : null, step.type ? `step-${step.type}` : 'step-method',
        ctx.selectedId === step.id ? 'selected' : null, ctx.errorStepIds.has(step.id) ? 'has-error' : null,
        stepWarnings.length ? 'has-warning' : null],
      dataset: { stepId: step.id },
    }, card);
    if (step.type === 'for-each') {
      li.append(h('div', { class: 'step-body' },
        list(step.id, step.steps, `Body of ${step.id}`),
        addHere(step.id, `Add a step to ${step.id}`)));
    }
    if (step.type === 'parallel') {
      li.append(h('div', { class: 'branches' }, step.branches.map((branch) => h('div', { class: 'branch', dataset: { branchId: branch.id } },
        h('div', { class: 'branch-head' }, h('span', { class: 'mono' }, branch.id),
          h('button', {
            class: 'icon-button', type: 'button', 'aria-label': `Remove branch ${branch.id}`, title: 'Remove branch',
            disabled: step.branches.length === 1, onclick: () => ctx.onAction('remove-branch', `${step.id}/${branch.id}`),
          }, icon('close'))),
        list(`${step.id}/${branch.id}`, branch.steps, `Branch ${branch.id} of ${step.id}`),
        addHere(`${step.id}/${branch.id}`, `Add a step to branch ${branch.id}`)))));
    }
    return li;
  };

  const addHere = (key, label) => (ctx.readOnly ? null : h('button', {
    class: 'add-here', type: 'button', 'aria-label': label, dataset: { addTo: key }, onclick: () => ctx.onAddTo(key),
  }, '+ Add step'));

  replace(container, list(ROOT, ctx.flow.steps, `Steps of ${ctx.flow.name}`),
    ctx.flow.steps.length ? null : h('p', { class: 'drop-hint' }, ctx.readOnly ? 'This flow has no steps.'
      : 'Drag a method from the palette here, or use “Add step”.'));
  return { dispose: () => sortables.forEach((s) => s.destroy()) };
}

function outputBadge(step) {
  if (!step.output?.name && !step.output?.target) return null;
  const where = step.output.name ? `session.${(step.output.scope || 'LOCAL').toLowerCase()}.${step.output.name}` : '';
  const target = step.output.target ? `message.${step.output.target}` : '';
  return h('span', { class: 'badge badge-output', title: 'Where the output goes' }, '→ ', [where, target].filter(Boolean).join(' · '));
}
