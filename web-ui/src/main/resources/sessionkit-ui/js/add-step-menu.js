// "Add step": the keyboard way to put a method or a core step into the flow, without dragging. A dialog with a
// search box and one button per method, grouped by plugin; resolves with {method} or {type}, or null.
import { h } from './dom.js';
import { CORE_STEPS } from './flow-model.js';

/**
 * @param registry from loadRegistry()
 * @param where a sentence saying where the step goes ("after read", "at the end of each")
 */
export function chooseStep(registry, where) {
  return new Promise((resolve) => {
    const search = h('input', { type: 'search', id: 'add-step-search', placeholder: 'Search…', 'aria-label': 'Search methods', autocomplete: 'off' });
    const option = (kind, name, sub, description) => h('li', {},
      h('button', {
        class: 'menu-option', type: 'button', dataset: kind,
        onclick: () => { finish(kind.method ? { method: kind.method } : { type: kind.type }); },
      }, h('span', { class: 'palette-name' }, name), h('span', { class: 'palette-id' }, sub),
      description ? h('span', { class: 'menu-description' }, description) : null));
    const groups = [
      ...registry.plugins.filter((p) => p.state === 'STARTED').map((plugin) => [plugin.name || plugin.id,
        plugin.methods.map((m) => option({ method: m.id }, m.name, m.id, m.description))]),
      ['Core', CORE_STEPS.map((c) => option({ type: c.type }, c.name, c.type, c.description))],
    ];
    const lists = h('div', { class: 'menu-groups' }, groups.map(([title, options]) => h('section', {},
      h('h3', {}, title), h('ul', { class: 'menu-list' }, options))));
    const dialog = h('dialog', { class: 'dialog dialog-wide', id: 'add-step-dialog', 'aria-labelledby': 'add-step-title' },
      h('h2', { id: 'add-step-title' }, 'Add step'),
      h('p', { class: 'muted' }, `The new step goes ${where}.`),
      search, lists,
      h('div', { class: 'dialog-actions' }, h('button', { class: 'button', type: 'button', onclick: () => finish(null) }, 'Cancel')));
    // Words match the start of a word (typing "end" finds End Session, not "append"); among the matches, Enter
    // takes the best: the name holding every word, then the name and id, then any text, in the menu's order.
    const wordsOf = (text) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    const covers = (textWords, words) => words.every((w) => textWords.some((t) => t.startsWith(w)));
    const score = (li, words) => {
      const name = wordsOf(li.querySelector('.palette-name').textContent);
      const id = wordsOf(li.querySelector('.palette-id').textContent);
      if (covers(name, words)) return 3;
      if (covers([...name, ...id], words)) return 2;
      return covers(wordsOf(li.textContent), words) ? 1 : 0;
    };
    let best = null;
    search.addEventListener('input', () => {
      const words = wordsOf(search.value);
      best?.classList.remove('menu-best');
      best = null;
      let bestScore = 0;
      for (const section of lists.querySelectorAll('section')) {
        let shown = 0;
        for (const li of section.querySelectorAll('li')) {
          const s = words.length === 0 ? 1 : score(li, words);
          li.hidden = s === 0;
          if (!li.hidden) shown += 1;
          if (words.length > 0 && s > bestScore) { best = li; bestScore = s; }
        }
        section.hidden = shown === 0;
      }
      best?.classList.add('menu-best');
    });
    search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'Enter') {
        e.preventDefault();
        const first = [...lists.querySelectorAll('li')].find((li) => !li.hidden && !li.closest('section').hidden);
        const chosen = e.key === 'Enter' ? (best ?? first) : first;
        if (e.key === 'Enter' && chosen) chosen.querySelector('button').click();
        else chosen?.querySelector('button').focus();
      }
    });
    lists.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      e.preventDefault();
      const buttons = [...lists.querySelectorAll('li:not([hidden]) button')].filter((b) => !b.closest('section').hidden);
      const at = buttons.indexOf(document.activeElement);
      const next = buttons[at + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next) next.focus();
      else if (e.key === 'ArrowUp') search.focus();
    });
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('close', () => finish(null));
    document.body.append(dialog);
    dialog.showModal();
    search.focus();
  });
}
