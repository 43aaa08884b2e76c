// An expression field: a Double Braces template (PRODUCT.md, docs/flows.md "Double Braces expressions") typed as
// text, checked as it is typed the way the host parses it at save (a syntax error or an unknown root is marked under
// the field before saving), with completion of paths: typing inside {{ }} lists the next segments of the paths the
// editor knows (message fields of the test panel's body, LOCAL variables of earlier steps, GLOBAL names set in the
// app, user.*, request.headers.* ...). ↓/↑ choose, Enter or Tab takes one, Escape closes the list.
import { h, uniqueId } from './dom.js';

/** The roots the host knows, and for the two-level ones the names allowed after them. */
const ROOTS = {
  message: null, user: null, item: null, index: null,
  session: ['local', 'global'], request: ['headers', 'query', 'params'],
};
const NAME = /[\p{L}\p{N}_$-]/u;

/**
 * Checks a template as the host does (Template.parse), and that each path starts with a known root.
 * @param text the template
 * @returns a message saying what is wrong and how to fix it, or null when it parses
 */
export function templateProblem(text) {
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{{', position);
    if (open < 0) return null;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return `“{{” at position ${open} is never closed with “}}”.`;
    const problem = pathProblem(text.slice(open + 2, close));
    if (problem) return problem;
    position = close + 2;
  }
  return null;
}

/** @returns what is wrong with the path between {{ and }}, or null */
function pathProblem(source) {
  const segments = [];
  let at = 0;
  const skip = () => { while (at < source.length && /\s/.test(source[at])) at += 1; };
  const name = () => {
    const start = at;
    while (at < source.length && NAME.test(source[at])) at += 1;
    return start === at ? null : source.slice(start, at);
  };
  skip();
  if (at >= source.length) return 'An expression between {{ and }} is empty: write a path such as message.sku.';
  const root = name();
  if (!root || !(root in ROOTS)) {
    return `“${root ?? source.trim()}” is not a known root; a path starts with message, session.local, session.global, user, request.headers, request.query, request.params, item or index.`;
  }
  segments.push(root);
  for (;;) {
    skip();
    if (at >= source.length) break;
    const c = source[at];
    if (c === '.') {
      at += 1;
      const next = name();
      if (!next) return `A name is expected after “${segments.join('.')}.”.`;
      segments.push(next);
    } else if (c === '[') {
      at += 1;
      skip();
      const quote = source[at];
      if (quote === '\'' || quote === '"') {
        const end = source.indexOf(quote, at + 1);
        if (end < 0) return 'A quoted key is never closed.';
        segments.push(source.slice(at + 1, end));
        at = end + 1;
      } else {
        const start = at;
        while (at < source.length && /\d/.test(source[at])) at += 1;
        if (start === at) return '“[” holds an index such as [0] or a quoted key such as [\'a-b\'].';
        segments.push(source.slice(start, at));
      }
      skip();
      if (source[at] !== ']') return '“]” is expected after an index or a key.';
      at += 1;
    } else {
      return `Unexpected “${c}”: expressions are paths only (no operators or calls).`;
    }
  }
  const allowed = ROOTS[root];
  if (allowed && !allowed.includes(segments[1])) {
    return segments.length < 2 ? `“${root}” goes on with ${allowed.map((a) => `${root}.${a}`).join(', ')}.`
      : `“${root}.${segments[1]}” is not a known root; use ${allowed.map((a) => `${root}.${a}`).join(', ')}.`;
  }
  return null;
}

/**
 * The next segments a path prefix can go on with.
 * @param prefix what is typed after {{ up to the caret, such as "message.de"
 * @param paths every known full path ("message.delivery.token", "session.local.cart", ...)
 * @returns up to 12 completed paths, the typed part kept ("message.delivery")
 */
export function completionsOf(prefix, paths) {
  const dot = prefix.lastIndexOf('.');
  const parent = dot < 0 ? '' : prefix.slice(0, dot + 1);
  const partial = prefix.slice(dot + 1).toLowerCase();
  const found = new Set();
  for (const path of paths) {
    if (!path.startsWith(parent)) continue;
    const rest = path.slice(parent.length);
    const next = rest.split('.')[0];
    if (next && next.toLowerCase().startsWith(partial) && `${parent}${next}` !== prefix) found.add(`${parent}${next}`);
  }
  return [...found].sort().slice(0, 12);
}

/**
 * @param opts.value the template, or undefined
 * @param opts.onChange called with the text on every change (undefined when cleared); problems are marked, not hidden
 * @param opts.id the input's id; opts.label its accessible name when there is no <label>
 * @param opts.paths a function returning the known full paths (called when the list opens)
 * @param opts.placeholder shown when empty
 * @returns {input, list, message, check()}: the text input, its completion list and its message slot
 */
export function expressionInput({ value, onChange, id, label, paths = () => [], placeholder = '{{ message.sku }}' }) {
  const listId = uniqueId('completions');
  const message = h('p', { class: 'value-error', role: 'alert', hidden: true });
  const list = h('ul', { class: 'completions', id: listId, role: 'listbox', hidden: true, 'aria-label': 'Paths' });
  const input = h('input', {
    id, 'aria-label': label, class: 'mono expression-input', value: value ?? '', placeholder, spellcheck: 'false',
    autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
  });
  let options = [];
  let active = -1;

  const check = () => {
    const text = input.value;
    const problem = text && !text.includes('{{')
      ? 'An expression holds a {{ path }} template, such as {{ message.sku }} or {{ session.global.cart }}.'
      : templateProblem(text);
    message.textContent = problem || '';
    message.hidden = !problem;
    input.setAttribute('aria-invalid', String(Boolean(problem)));
    input.closest('.value-editor, .field')?.classList.toggle('invalid', Boolean(problem));
    return problem;
  };
  /** The path typed inside an open {{ before the caret, or null when the caret is not in an expression. */
  const typedPath = () => {
    const before = input.value.slice(0, input.selectionStart ?? input.value.length);
    const open = before.lastIndexOf('{{');
    if (open < 0 || before.indexOf('}}', open) >= 0) return null;
    const inside = before.slice(open + 2);
    return /^\s*[\p{L}\p{N}_$.\-[\]'"]*$/u.test(inside) ? { start: open + 2, text: inside.trimStart() } : null;
  };
  const close = () => {
    options = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const open = () => {
    const typed = typedPath();
    options = typed ? completionsOf(typed.text, paths()) : [];
    if (!options.length) return close();
    active = -1;
    list.replaceChildren(...options.map((path, index) => h('li', {
      id: `${listId}-${index}`, role: 'option', class: 'completion', 'aria-selected': 'false', dataset: { path },
      onmousedown: (e) => { e.preventDefault(); take(index); },
    }, path)));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    return undefined;
  };
  const highlight = (index) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `${listId}-${index}`);
  };
  const take = (index) => {
    const typed = typedPath();
    if (!typed) return close();
    const caret = input.selectionStart ?? input.value.length;
    const after = input.value.slice(caret);
    const path = options[index];
    const closing = /^\s*}}/.test(after) ? '' : ' }}';
    const head = `${input.value.slice(0, typed.start)} ${path}`;
    input.value = `${head}${closing}${after}`;
    // stay inside the braces so the next segment can be typed after a dot
    input.setSelectionRange(head.length, head.length);
    changed();
    open();
    return undefined;
  };
  const changed = () => {
    check();
    onChange(input.value === '' ? undefined : input.value);
  };
  input.addEventListener('input', () => { changed(); open(); });
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (e) => {
    if (list.hidden) {
      if (e.key === 'ArrowDown' && e.altKey) { e.preventDefault(); open(); }
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + options.length) % options.length);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && options.length) {
      e.preventDefault();
      take(active < 0 ? 0 : active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  check();
  return { input, list, message, check };
}

/** The paths a message object offers: every field, nested objects and the first element of arrays, 4 levels deep. */
export function pathsOfObject(root, value, depth = 4, into = []) {
  if (value === null || typeof value !== 'object' || depth === 0) return into;
  if (Array.isArray(value)) {
    if (value.length) {
      into.push(`${root}[0]`);
      pathsOfObject(`${root}[0]`, value[0], depth - 1, into);
    }
    return into;
  }
  for (const [key, child] of Object.entries(value)) {
    const path = NAME_ONLY.test(key) ? `${root}.${key}` : `${root}['${key}']`;
    into.push(path);
    pathsOfObject(path, child, depth - 1, into);
  }
  return into;
}
const NAME_ONLY = /^[\p{L}\p{N}_$-]+$/u;
