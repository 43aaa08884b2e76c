// The palette: installed plugins' methods grouped by plugin, and the core steps, with a search box. Items are
// dragged into the flow (SortableJS clones them); each also has an "add" button, the keyboard way.
import Sortable from 'sortablejs';
import { h, replace } from './dom.js';
import { CORE_STEPS } from './flow-model.js';

export const DRAG = { animation: 150, forceFallback: true, fallbackTolerance: 3 };

/**
 * @param container where to render
 * @param registry from loadRegistry()
 * @param onAdd called with {method} or {type} when an item's add button is used; null for a reader (the items are
 *        listed, with no add button and no drag)
 * @returns {dispose()}
 */
export function renderPalette(container, registry, onAdd) {
  const search = h('input', {
    type: 'search', id: 'palette-search', placeholder: 'Search methods…', 'aria-label': 'Search methods', autocomplete: 'off',
  });
  const groups = h('div', { class: 'palette-groups' });
  const sortables = [];

  const item = (kind, name, sub, description) => h('li', {
    class: 'palette-item', dataset: kind, title: description || '', tabindex: -1,
  },
  h('span', { class: 'drag-handle', 'aria-hidden': 'true' }, '⠿'),
  h('span', { class: 'palette-text' }, h('span', { class: 'palette-name' }, name), h('span', { class: 'palette-id' }, sub)),
  onAdd && h('button', {
    class: 'icon-button add-button', type: 'button', 'aria-label': `Add ${name} to the flow`, title: 'Add to the flow',
  }, '+'));
  // One delegated listener: SortableJS leaves clones of dragged items in the palette, and clones have no listeners.
  groups.addEventListener('click', (event) => {
    const li = event.target.closest('.add-button')?.closest('.palette-item');
    if (li) onAdd(li.dataset.method ? { method: li.dataset.method } : { type: li.dataset.type });
  });

  const group = (title, badge, items, pluginId) => h('section', { class: 'palette-group', dataset: { plugin: pluginId } },
    h('h3', {}, title, badge ? h('span', { class: 'badge' }, badge) : null),
    h('ul', { class: 'palette-list' }, items));

  const started = registry.plugins.filter((p) => p.state === 'STARTED');
  const others = registry.plugins.filter((p) => p.state !== 'STARTED');
  replace(groups,
    started.map((plugin) => group(plugin.name || plugin.id, plugin.version,
      plugin.methods.map((m) => item({ method: m.id }, m.name, m.id, m.description)), plugin.id)),
    group('Core', null, CORE_STEPS.map((c) => item({ type: c.type }, c.name, c.type, c.description)), 'core'),
    others.map((plugin) => h('p', { class: 'notice' }, `${plugin.name || plugin.id} is ${plugin.state.toLowerCase()}: its methods are not available.`)),
    h('p', { class: 'empty', hidden: true, id: 'palette-no-match' }, 'No method matches.'));

  for (const list of onAdd ? groups.querySelectorAll('.palette-list') : []) {
    sortables.push(Sortable.create(list, {
      ...DRAG, group: { name: 'flow', pull: 'clone', put: false }, sort: false, filter: '.add-button', preventOnFilter: false,
    }));
  }

  search.addEventListener('input', () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let any = false;
    for (const section of groups.querySelectorAll('.palette-group')) {
      let shown = 0;
      for (const li of section.querySelectorAll('.palette-item')) {
        const text = `${li.textContent} ${li.title} ${section.querySelector('h3').textContent}`.toLowerCase();
        li.hidden = !words.every((word) => text.includes(word));
        if (!li.hidden) shown += 1;
      }
      section.hidden = shown === 0;
      any = any || shown > 0;
    }
    groups.querySelector('#palette-no-match').hidden = any;
  });

  replace(container, h('h2', { class: 'panel-title' }, 'Palette'), search, groups);
  return { dispose: () => sortables.forEach((s) => s.destroy()) };
}
