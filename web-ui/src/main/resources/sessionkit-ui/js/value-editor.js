// An editor for one value of a data type: text, number, checkbox, date-time with offset, or a JSON editor that
// validates. EXPRESSION values are Double Braces templates edited as text. Invalid input is shown under the editor
// and never handed on: onChange only ever receives valid values (undefined when cleared).
import { h } from './dom.js';
import { expressionInput } from './expression-field.js';

/** What the host answers in place of a secret value it keeps; sent back unchanged, the host keeps the value. */
export const SECRET_PLACEHOLDER = '[REDACTED]';

/**
 * @param opts.dataType STRING | INTEGER | NUMBER | BOOLEAN | DATETIME | OBJECT | ARRAY, or null (any JSON)
 * @param opts.valueType STATIC (default) or EXPRESSION
 * @param opts.value the current value
 * @param opts.onChange called with the new valid value
 * @param opts.id the control's id (for its label)
 * @param opts.label an accessible name when there is no <label>
 * @param opts.secret mask the text (password field) when true; a secret whose value is SECRET_PLACEHOLDER (the host
 *        keeps it) shows "Value set" and a Replace button, and the placeholder stays the value until something is typed
 * @param opts.defaultValue the descriptor's default, shown when there is no value
 * @param opts.paths for EXPRESSION: a function returning the paths to complete (see expression-field.js)
 * @param opts.meaning for BOOLEAN: the checkbox's text, what ticking it means (such as the input's name)
 * @returns an element (class "value-editor")
 */
export function valueEditor({
  dataType, valueType = 'STATIC', value, onChange, id, label, secret = false, defaultValue = null, paths, meaning,
}) {
  const message = h('p', { class: 'value-error', role: 'alert', hidden: true });
  const wrap = h('div', { class: 'value-editor', dataset: { dataType: dataType || 'ANY', valueType } });
  const fail = (text) => {
    message.textContent = text || '';
    message.hidden = !text;
    wrap.classList.toggle('invalid', Boolean(text));
  };
  const common = { id, 'aria-label': label };

  if (valueType === 'EXPRESSION') {
    // a template, shown as text even for a secret input (an expression is not a secret; what it gives may be)
    const expression = expressionInput({ value: typeof value === 'string' ? value : undefined, onChange, id, label, paths });
    wrap.classList.add('expression-editor');
    return append(wrap, expression.input, expression.list, expression.message);
  }

  if (secret && value === SECRET_PLACEHOLDER) {
    // The host keeps this value and never sends it: saving the placeholder back keeps it.
    wrap.classList.add('secret-kept');
    const replaceButton = h('button', {
      ...common, class: 'button button-small', type: 'button', title: 'Type a new value in place of the kept one',
      onclick: () => {
        const editor = valueEditor({ dataType, valueType, value: undefined, onChange, id, label, secret, defaultValue, paths, meaning });
        wrap.replaceWith(editor);
        editor.querySelector('input, textarea')?.focus();
      },
    }, 'Replace');
    return append(wrap, h('span', { class: 'secret-set', title: 'The host keeps this secret value and never shows it' },
      '•••••• Value set (hidden)'), replaceButton, message);
  }

  switch (dataType) {
    case 'BOOLEAN': {
      // labelled by what it means (the input's name), not by its value
      const input = h('input', {
        ...common, type: 'checkbox', checked: (value ?? defaultValue) === true,
        onchange: () => onChange(input.checked),
      });
      return append(wrap, h('label', { class: 'checkbox' }, input, h('span', {}, meaning || 'Yes')), message);
    }
    case 'INTEGER':
    case 'NUMBER': {
      const input = h('input', {
        ...common, type: 'number', step: dataType === 'INTEGER' ? '1' : 'any', value: value ?? '',
        placeholder: defaultValue ?? '',
        oninput: () => {
          if (input.value === '') {
            fail(input.validity.badInput ? 'Enter a number.' : null);
            if (!input.validity.badInput) onChange(undefined);
            return;
          }
          const number = Number(input.value);
          if (dataType === 'INTEGER' && !Number.isInteger(number)) return fail('Enter a whole number.');
          fail(null);
          onChange(number);
        },
      });
      return append(wrap, input, message);
    }
    case 'DATETIME':
      return append(wrap, dateTime(common, value, onChange, fail), message);
    case 'OBJECT':
    case 'ARRAY':
    case null:
    case undefined:
      return append(wrap, jsonEditor(common, dataType, value, onChange, fail), message);
    default: {
      const input = h('input', {
        ...common, type: secret ? 'password' : 'text', value: value ?? '', autocomplete: 'off', placeholder: defaultValue ?? '',
        oninput: () => onChange(input.value === '' ? undefined : input.value),
      });
      return append(wrap, input, message);
    }
  }
}

function append(wrap, ...children) {
  wrap.append(...children);
  return wrap;
}

/** A textarea whose JSON is parsed on every keystroke; for OBJECT and ARRAY the kind is checked too. */
function jsonEditor(common, dataType, value, onChange, fail) {
  const area = h('textarea', {
    ...common, class: 'mono json-editor', rows: 4, spellcheck: 'false',
    placeholder: dataType === 'ARRAY' ? '["a", "b"]' : dataType === 'OBJECT' ? '{"key": "value"}' : 'any JSON',
    value: value === undefined ? '' : JSON.stringify(value, null, 2),
    oninput: () => {
      if (area.value.trim() === '') {
        fail(null);
        onChange(undefined);
        return;
      }
      let parsed;
      try {
        parsed = JSON.parse(area.value);
      } catch (e) {
        fail(`Not valid JSON: ${e.message}`);
        return;
      }
      if (dataType === 'OBJECT' && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
        fail('Enter a JSON object, such as {"key": "value"}.');
        return;
      }
      if (dataType === 'ARRAY' && !Array.isArray(parsed)) {
        fail('Enter a JSON array, such as ["a", "b"].');
        return;
      }
      fail(null);
      onChange(parsed);
    },
  });
  return area;
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function localOffset() {
  const minutes = -new Date().getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A date-time picker plus a UTC offset: the value is ISO-8601 with offset (2026-01-31T09:30:00+01:00). */
function dateTime(common, value, onChange, fail) {
  const parsed = typeof value === 'string' ? value.match(ISO) : null;
  const local = h('input', {
    ...common, type: 'datetime-local', step: 1, value: parsed ? `${parsed[1]}:${parsed[2] || '00'}` : '',
  });
  const offset = h('input', {
    class: 'mono offset', 'aria-label': 'UTC offset', value: parsed ? (parsed[3] === 'Z' ? '+00:00' : parsed[3]) : localOffset(),
    size: 6,
  });
  const update = () => {
    if (!local.value) {
      fail(null);
      onChange(undefined);
      return;
    }
    if (!/^[+-]\d{2}:\d{2}$/.test(offset.value)) return fail('The offset looks like +01:00 or -05:00.');
    fail(null);
    const time = local.value.length === 16 ? `${local.value}:00` : local.value;
    onChange(`${time}${offset.value}`);
  };
  local.addEventListener('input', update);
  offset.addEventListener('input', update);
  return h('div', { class: 'datetime' }, local, offset);
}
