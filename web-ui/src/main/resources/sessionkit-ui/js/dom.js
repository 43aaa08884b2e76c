// Tiny DOM helpers: the UI builds elements with h() instead of a templating library.

/**
 * Creates an element.
 * props: attributes; keys starting with "on" add listeners; "class", "dataset", "style" (object) and DOM
 * properties "value", "checked", "disabled", "selected", "hidden" are set as properties.
 * children: nodes, strings, numbers, arrays of them; null/undefined/false are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (['value', 'checked', 'disabled', 'selected', 'hidden', 'open'].includes(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, text, nested arrays) to an element. */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A labelled form field: label, control, optional help and an error slot (filled by showFieldError). */
export function field(label, control, { help, name, required } = {}) {
  const id = control.id || (control.id = uniqueId('f'));
  return h('div', { class: 'field', dataset: name ? { field: name } : {} },
    h('label', { for: id }, label, required ? h('span', { class: 'required', title: 'required' }, ' *') : null),
    control,
    help ? h('p', { class: 'help' }, help) : null,
    h('p', { class: 'field-error', role: 'alert', hidden: true }));
}

/** Shows (or clears, with null) the error under a field built by field(). */
export function showFieldError(fieldEl, message) {
  const slot = fieldEl?.querySelector(':scope > .field-error');
  if (!slot) return;
  slot.textContent = message || '';
  slot.hidden = !message;
  fieldEl.classList.toggle('invalid', Boolean(message));
}

let counter = 0;
/** @returns an id unique in this page */
export function uniqueId(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Pretty JSON for display. */
export function pretty(value) {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}
