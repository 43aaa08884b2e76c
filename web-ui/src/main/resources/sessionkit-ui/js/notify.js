// Messages to the user: toasts for outcomes, a modal dialog for confirmations and choices.
import { h } from './dom.js';

function region() {
  let el = document.getElementById('toasts');
  if (!el) {
    el = h('div', { id: 'toasts', class: 'toasts', 'aria-live': 'polite' });
    document.body.append(el);
  }
  return el;
}

/** Shows a short message; kind is "ok" or "error". Errors stay until closed. */
export function toast(message, kind = 'ok') {
  const close = h('button', { class: 'icon-button', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-text' }, message), close);
  region().append(item);
  if (kind !== 'error') setTimeout(() => item.remove(), 4000);
  return item;
}

/** Shows an API (or any) error as a toast. */
export function showError(error, context) {
  const text = error?.message || String(error);
  return toast(context ? `${context}: ${text}` : text, 'error');
}

/**
 * A modal choice. buttons: [{label, value, kind}] ("danger" or "primary" kinds); resolves with the chosen value, or
 * null when dismissed with Escape.
 */
export function choose(title, message, buttons) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-title' },
      h('h2', { id: 'dialog-title' }, title),
      typeof message === 'string' ? h('p', {}, message) : message,
      h('div', { class: 'dialog-actions' }, buttons.map((button) =>
        h('button', {
          class: ['button', button.kind ? `button-${button.kind}` : null],
          dataset: { choice: String(button.value) },
          onclick: () => { dialog.close(); finish(button.value); },
        }, button.label))));
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('close', () => finish(null));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Asks to confirm a destructive action; resolves true when confirmed. */
export async function confirmAction(title, message, confirmLabel = 'Delete') {
  const answer = await choose(title, message, [
    { label: 'Cancel', value: false },
    { label: confirmLabel, value: true, kind: 'danger' },
  ]);
  return answer === true;
}
