// A form rendered from a method descriptor's inputs (GET /api/plugins): no method has a form written by hand.
// One row per input: a select for allowed values, a parameter-list table for ARRAY inputs with fields, a list of
// texts for other ARRAY inputs, else the value editor of the input's data type. showWhen hides inputs whose sibling
// has another value. Values are written into the given object; unset inputs are left out of it.
import { h, uniqueId } from './dom.js';
import { valueEditor, SECRET_PLACEHOLDER } from './value-editor.js';
import { icon } from './icons.js';

/**
 * @param inputs the descriptor's inputs
 * @param values the step's "input" object (edited in place)
 * @param onChange called after every change
 * @param errors {path: message} from the server's 400 details, the path under "input." ("scope",
 *        "parameters[0].value"): shown next to the input, or next to the cell of the row the path names
 * @param paths a function returning the paths expression fields complete (see expression-field.js)
 * @returns an element
 */
export function descriptorForm(inputs, values, onChange, errors = {}, paths = () => []) {
  const form = h('div', { class: 'descriptor-form' });
  const rows = inputs.map((input) => {
    const row = inputRow(input, values, () => {
      refreshVisibility();
      onChange();
    }, errorsOf(input.id, errors), paths);
    form.append(row);
    return { input, row };
  });
  const refreshVisibility = () => {
    for (const { input, row } of rows) row.hidden = !visible(input, values, inputs);
  };
  refreshVisibility();
  if (!inputs.length) form.append(h('p', { class: 'muted' }, 'This method takes no inputs.'));
  return form;
}

/**
 * The errors of one input: {input, cells: {"0.value": message}}. A path into a parameter row ("parameters[0].value")
 * is a cell's; any other path under the input ("parameters", "parameters[2]") is the input's own.
 */
function errorsOf(inputId, errors) {
  const found = { input: null, cells: {} };
  for (const [path, message] of Object.entries(errors)) {
    if (path !== inputId && !path.startsWith(`${inputId}[`) && !path.startsWith(`${inputId}.`)) continue;
    const cell = /^\[(\d+)\]\.(\w+)/.exec(path.slice(inputId.length));
    if (cell) found.cells[`${cell[1]}.${cell[2]}`] = message;
    else found.input = found.input ? `${found.input} ${message}` : message;
  }
  return found;
}

/** A value equal to the descriptor's default is left out: the host applies defaults, the JSON stays minimal. */
function isUnset(value, descriptor) {
  return value === undefined || value === '' || (descriptor.defaultValue !== null && descriptor.defaultValue !== undefined
    && JSON.stringify(value) === JSON.stringify(descriptor.defaultValue));
}

/** True when every showWhen condition of input holds for the current (or default) sibling values. */
function visible(input, values, siblings) {
  return Object.entries(input.showWhen || {}).every(([sibling, allowed]) => {
    const descriptor = siblings.find((s) => s.id === sibling);
    const holder = valueHolder(values[sibling]);
    if (holder?.valueType === 'EXPRESSION') return true; // known only at run time: show what it may need
    const value = (holder ? holder.value : values[sibling]) ?? descriptor?.defaultValue;
    return allowed.includes(String(value));
  });
}

/**
 * A value holder, the Input Configuration of one input given as {"valueType": "STATIC" | "EXPRESSION", "value"}
 * (docs/flows.md), or null when the value is a plain literal.
 */
export function valueHolder(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value).sort();
  return keys.length === 2 && keys[0] === 'value' && keys[1] === 'valueType' ? value : null;
}

/**
 * One input: its name, data type, value type (Static or Expression; parameter lists have theirs per row) and the
 * editor of that value type. An EXPRESSION input is saved as a value holder {"valueType": "EXPRESSION", "value"}; a
 * STATIC one as the literal (a STATIC value holder is read as its value).
 */
function inputRow(input, values, onChange, errors, paths) {
  const error = errors.input;
  const cellErrors = errors.cells;
  const id = uniqueId(`input-${input.id}`);
  const rowList = input.dataType === 'ARRAY' && input.fields?.length;
  const holder = valueHolder(values[input.id]);
  const expression = holder?.valueType === 'EXPRESSION';
  if (holder && !expression) values[input.id] = holder.value;
  const set = (value) => {
    if (isUnset(value, input)) delete values[input.id];
    else values[input.id] = value;
    onChange();
  };
  const editorOf = (asExpression) => {
    if (asExpression) {
      return valueEditor({
        valueType: 'EXPRESSION', value: valueHolder(values[input.id])?.value, id, paths,
        onChange: (text) => set(text === undefined ? undefined : { valueType: 'EXPRESSION', value: text }),
      });
    }
    if (input.allowedValues?.length) return choice(id, input, values[input.id], set);
    if (rowList) return parameterList(input, values, onChange, cellErrors, paths);
    if (input.dataType === 'ARRAY') return textList(input, values, onChange);
    return valueEditor({
      dataType: input.dataType, value: values[input.id], onChange: set, id, secret: input.secret, defaultValue: input.defaultValue,
      meaning: input.name || input.id,
    });
  };
  let editor = editorOf(expression);
  // a toggle button (not a form control: the input's own control stays the first one of its row)
  const valueType = rowList ? null : h('button', {
    type: 'button', class: 'value-type', 'aria-pressed': String(expression), dataset: { valueType: input.id },
    'aria-label': `${input.name || input.id}: an expression`,
    title: 'Off: the value as typed (Static). On: a {{ path }} expression, evaluated when the flow runs.',
    onclick: () => {
      const toExpression = valueType.getAttribute('aria-pressed') !== 'true';
      valueType.setAttribute('aria-pressed', String(toExpression));
      // a fresh expression starts from the message field of the input's name, ready to be completed
      if (toExpression) values[input.id] = { valueType: 'EXPRESSION', value: `{{ message.${input.id} }}` };
      else delete values[input.id];
      const next = editorOf(toExpression);
      editor.replaceWith(next);
      editor = next;
      next.querySelector('input, select, textarea')?.focus();
      onChange();
    },
  }, '{{ }}');
  const invalid = error || Object.keys(cellErrors).length;
  return h('div', { class: ['input-row', invalid ? 'invalid' : null], dataset: { input: input.id } },
    h('div', { class: 'input-head' },
      h('label', { for: id, class: 'input-name' }, input.name || input.id,
        input.required ? h('span', { class: 'required', title: 'required' }, ' *') : null),
      input.allowedValues?.length ? null : h('span', { class: 'type-chip' }, input.dataType || 'JSON'),
      input.secret ? h('span', { class: 'type-chip chip-secret' }, 'secret') : null,
      valueType),
    editor,
    input.help ? h('p', { class: 'help' }, input.help) : null,
    h('p', { class: 'field-error', role: 'alert', hidden: !error }, error || ''));
}

/** A select of the allowed values; optional inputs get a first option for "the default". */
function choice(id, input, value, set) {
  const defaultLabel = input.defaultValue !== null && input.defaultValue !== undefined
    ? `Default (${input.defaultValue})` : '—';
  const select = h('select', { id, onchange: () => set(select.value === '' ? undefined : coerce(select.value, input.dataType)) },
    input.required ? h('option', { value: '', disabled: true, selected: value === undefined }, 'Choose…')
      : h('option', { value: '' }, defaultLabel),
    input.allowedValues.map((allowed) => h('option', { value: allowed, selected: String(value) === allowed }, allowed)));
  return select;
}

function coerce(text, dataType) {
  if (dataType === 'INTEGER' || dataType === 'NUMBER') return Number(text);
  if (dataType === 'BOOLEAN') return text === 'true';
  return text;
}

/**
 * Parameter rows (Set Parameters, Get Parameters): one card per element, one labelled control per field of the
 * descriptor; a field with typeFrom is edited as the type its row names (and as a template when the row's valueType
 * is EXPRESSION).
 */
function parameterList(input, values, onChange, cellErrors = {}, paths = () => []) {
  const fields = input.fields;
  const rows = h('div', { class: 'param-rows', dataset: { list: input.id } });
  const list = () => (Array.isArray(values[input.id]) ? values[input.id] : []);
  const noun = singular(input.name || input.id);
  const render = () => {
    rows.replaceChildren(...list().map((row, index) => rowElement(row, index)));
    if (!list().length) rows.append(h('p', { class: 'muted empty-row' }, 'No rows yet.'));
  };
  const rowElement = (row, index) => {
    const grid = h('div', { class: 'param-fields' });
    const cells = () => fields.map((f) => {
      const id = uniqueId(`${input.id}-${index}-${f.id}`);
      // the server's message for this cell, shown until the save or until the row's types change
      const error = cellErrors[`${index}.${f.id}`];
      return h('div', { class: ['param-field', f.typeFrom ? 'param-value' : null, error ? 'invalid' : null], dataset: { cell: f.id } },
        h('label', { for: id, title: f.help || '' }, f.name || f.id, f.required ? h('span', { class: 'required' }, ' *') : null),
        cellEditor(f, row, id, paths, () => {
          // a secret the host keeps cannot become plain text without being entered again
          if (f.id === 'secret' && row.secret !== true && row.value === SECRET_PLACEHOLDER) delete row.value;
          // a row's data type, value type or secrecy changes its value editor
          if (fields.some((other) => other.typeFrom === f.id) || f.id === 'valueType' || f.id === 'secret') {
            grid.replaceChildren(...cells());
            grid.querySelector(`[data-cell="${f.id}"] select, [data-cell="${f.id}"] input`)?.focus();
          }
          onChange();
        }),
        error ? h('p', { class: 'field-error', role: 'alert' }, error) : null);
    });
    grid.append(...cells());
    return h('div', { class: 'param-row', dataset: { row: String(index) } },
      h('div', { class: 'param-row-head' }, h('span', {}, `${noun} ${index + 1}`),
        h('button', {
          class: 'icon-button', type: 'button', 'aria-label': `Remove ${noun} ${index + 1}`, title: 'Remove',
          onclick: () => {
            list().splice(index, 1);
            if (!list().length) delete values[input.id];
            render();
            onChange();
          },
        }, icon('close'))),
      grid);
  };
  const add = h('button', {
    class: 'button button-small', type: 'button', dataset: { addRow: input.id },
    onclick: () => {
      if (!Array.isArray(values[input.id])) values[input.id] = [];
      values[input.id].push({});
      render();
      onChange();
      rows.querySelector(`[data-row="${list().length - 1}"] input, [data-row="${list().length - 1}"] select`)?.focus();
    },
  }, `+ Add ${noun}`);
  render();
  return h('div', { class: 'param-list' }, rows, add);
}

function singular(name) {
  const lower = name.toLowerCase();
  return lower.endsWith('s') ? lower.slice(0, -1) : lower;
}

function cellEditor(f, row, id, paths, changed) {
  const set = (value) => {
    if (isUnset(value, f)) delete row[f.id];
    else row[f.id] = value;
    changed();
  };
  if (f.allowedValues?.length) {
    const select = h('select', { id, onchange: () => set(select.value || undefined) },
      f.defaultValue ? null : h('option', { value: '' }, '—'),
      f.allowedValues.map((allowed) => h('option', { value: allowed, selected: (row[f.id] ?? f.defaultValue) === allowed }, allowed)));
    return select;
  }
  if (f.typeFrom) {
    return valueEditor({
      dataType: row[f.typeFrom] || null, valueType: row.valueType || 'STATIC', value: row[f.id], onChange: set,
      id, secret: row.secret === true, paths, meaning: row.name ? `${row.name} is true` : 'True',
    });
  }
  return valueEditor({
    dataType: f.dataType, value: row[f.id], onChange: set, id, defaultValue: f.defaultValue, meaning: f.name || f.id,
  });
}

/** An ARRAY input without fields (names, field paths): one text per line of a small list. */
function textList(input, values, onChange) {
  const items = h('ul', { class: 'text-list', dataset: { list: input.id } });
  const list = () => (Array.isArray(values[input.id]) ? values[input.id] : []);
  const write = (next) => {
    if (next.length) values[input.id] = next;
    else delete values[input.id];
    onChange();
  };
  const render = () => items.replaceChildren(...list().map((text, index) => h('li', {},
    h('input', {
      value: typeof text === 'string' ? text : JSON.stringify(text), 'aria-label': `${input.name || input.id} ${index + 1}`,
      oninput: (e) => { const next = [...list()]; next[index] = e.target.value; write(next); },
    }),
    h('button', {
      class: 'icon-button', type: 'button', 'aria-label': `Remove ${input.name || input.id} ${index + 1}`,
      onclick: () => { const next = [...list()]; next.splice(index, 1); write(next); render(); },
    }, '×'))));
  render();
  return h('div', { class: 'param-list' }, items, h('button', {
    class: 'button button-small', type: 'button', dataset: { addRow: input.id },
    onclick: () => { write([...list(), '']); render(); items.querySelector('li:last-child input')?.focus(); },
  }, `+ Add ${singular(input.name || input.id)}`));
}
