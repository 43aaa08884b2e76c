// Apps: list, create, rename, delete (confirmed), import and export of app definitions as JSON.
import { h, replace, field, showFieldError } from './dom.js';
import { auth } from './auth.js';
import { api, seg } from './api.js';
import { toast, showError, confirmAction, choose } from './notify.js';

export function renderApps(main) {
  const list = h('div', { class: 'app-grid', id: 'app-list' }, h('p', { class: 'muted' }, 'Loading apps…'));
  const fileInput = h('input', {
    type: 'file', accept: 'application/json,.json', id: 'import-file', class: 'visually-hidden', onchange: importFile,
  });
  replace(main,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Apps'), h('p', { class: 'muted' }, 'Each app holds flows: REST endpoints built from plugin methods.')),
      // Changing apps needs the role builder or admin: other roles only read them (the host answers 403).
      auth.canEdit ? h('div', { class: 'actions' },
        h('label', { class: 'button', for: 'import-file', tabindex: 0, id: 'import-app',
          onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fileInput.click(); } } },
          'Import JSON'),
        fileInput,
        h('button', { class: 'button button-primary', id: 'new-app', onclick: createApp }, 'New app'))
        : h('p', { class: 'muted', id: 'read-only-note' }, 'You can view apps; builders and admins change them.')),
    list);
  load();

  async function load() {
    try {
      const apps = await api.get('/api/apps');
      replace(list, apps.length ? apps.map(card) : h('p', { class: 'empty' }, 'No apps yet. Create one, or import an app JSON file.'));
    } catch (e) {
      replace(list, h('p', { class: 'form-error', role: 'alert' }, `The apps could not be loaded: ${e.message}`));
    }
  }

  function card(app) {
    const flows = app.flows || [];
    return h('article', { class: 'card app-card', dataset: { appId: app.id } },
      h('a', { class: 'app-open', href: `#/apps/${seg(app.id)}` },
        h('h2', { class: 'app-name' }, app.name),
        h('p', { class: 'muted mono' }, app.id)),
      h('p', { class: 'app-meta' }, `${flows.length} flow${flows.length === 1 ? '' : 's'} · version ${app.version}`),
      h('div', { class: 'card-actions' },
        h('a', { class: 'button button-small', href: `#/apps/${seg(app.id)}` }, 'Open'),
        auth.canEdit && h('button', { class: 'button button-small', dataset: { action: 'rename' }, onclick: () => rename(app) }, 'Rename'),
        h('button', { class: 'button button-small', dataset: { action: 'export' }, onclick: () => exportApp(app) }, 'Export'),
        auth.canEdit && h('button', { class: 'button button-small button-danger-quiet', dataset: { action: 'delete' }, onclick: () => remove(app) }, 'Delete')));
  }

  /** A modal form; submit(values, fields) throws an ApiError to keep it open with the error shown. */
  function formDialog(title, inputs, submitLabel, submit) {
    const fields = {};
    const general = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const form = h('form', { method: 'dialog', class: 'dialog-form' },
      inputs.map(([name, label, value, help]) => {
        const input = h('input', { name, id: `app-${name}`, value: value || '' });
        fields[name] = field(label, input, { help, name });
        return fields[name];
      }),
      general,
      h('div', { class: 'dialog-actions' },
        h('button', { class: 'button', type: 'button', value: 'cancel', onclick: () => dialog.close() }, 'Cancel'),
        h('button', { class: 'button button-primary', type: 'submit', id: 'app-dialog-submit' }, submitLabel)));
    const dialog = h('dialog', { class: 'dialog' }, h('h2', {}, title), form);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      Object.values(fields).forEach((f) => showFieldError(f, null));
      general.hidden = true;
      const values = Object.fromEntries(new FormData(form).entries());
      try {
        await submit(values);
        dialog.close();
      } catch (e) {
        const target = fields[e.details?.field];
        if (target) showFieldError(target, e.message);
        else {
          general.textContent = e.message;
          general.hidden = false;
        }
      }
    });
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  function createApp() {
    formDialog('New app', [
      ['id', 'App id', '', 'Used in URLs: lower-case letters, digits and dashes, such as shop.'],
      ['name', 'Name', '', 'Shown in the UI.'],
    ], 'Create', async (values) => {
      const app = await api.post('/api/apps', { id: values.id.trim(), name: values.name.trim() || undefined });
      toast(`App “${app.name}” created.`);
      load();
    });
  }

  function rename(app) {
    formDialog(`Rename ${app.name}`, [['name', 'Name', app.name]], 'Rename', async (values) => {
      try {
        // A PUT sends the whole app: only the name changes.
        await api.put(`/api/apps/${seg(app.id)}`, {
          version: app.version, name: values.name.trim(), flows: app.flows || [],
          sessionIdleTimeoutSeconds: app.sessionIdleTimeoutSeconds,
        });
      } catch (e) {
        if (e.status === 409) {
          e.message = `${e.message} The list was reloaded; try again.`;
          load();
        }
        throw e;
      }
      toast('App renamed.');
      load();
    });
  }

  async function remove(app) {
    if (!(await confirmAction(`Delete ${app.name}?`, `The app “${app.id}” and its ${(app.flows || []).length} flow(s) will be deleted. This cannot be undone; export it first to keep a copy.`))) return;
    try {
      await api.delete(`/api/apps/${seg(app.id)}`);
      toast(`App “${app.name}” deleted.`);
    } catch (e) {
      showError(e, 'Deleting the app');
    }
    load();
  }

  async function exportApp(app) {
    try {
      const fresh = await api.get(`/api/apps/${seg(app.id)}`);
      const { createdAt, updatedAt, ...definition } = fresh;
      const blob = new Blob([`${JSON.stringify(definition, null, 2)}\n`], { type: 'application/json' });
      const link = h('a', { href: URL.createObjectURL(blob), download: `${app.id}.json` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (e) {
      showError(e, 'Exporting the app');
    }
  }

  async function importFile() {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    let definition;
    try {
      definition = JSON.parse(await file.text());
      if (!definition || typeof definition !== 'object' || Array.isArray(definition)) throw new Error('the file must hold one JSON object (an app)');
    } catch (e) {
      showError(`${file.name} is not an app definition: ${e.message}`);
      return;
    }
    const body = { id: definition.id, name: definition.name, flows: definition.flows };
    if (definition.sessionIdleTimeoutSeconds !== undefined) body.sessionIdleTimeoutSeconds = definition.sessionIdleTimeoutSeconds;
    try {
      await api.post('/api/apps', body);
      toast(`App “${definition.name || definition.id}” imported.`);
    } catch (e) {
      if (e.status !== 409) showError(e, `Importing ${file.name}`);
      else await offerReplace(definition).catch((again) => showError(again, `Replacing ${definition.id}`));
    }
    load();
  }

  /** The app exists: offers to replace its name and flows with the file's (a PUT at the current version). */
  async function offerReplace(definition) {
    const answer = await choose(`Replace ${definition.id}?`,
      `An app with id “${definition.id}” exists. Replace its name and flows with the imported ones?`,
      [{ label: 'Cancel', value: false }, { label: 'Replace', value: true, kind: 'danger' }]);
    if (!answer) return;
    const current = await api.get(`/api/apps/${seg(definition.id)}`);
    await api.put(`/api/apps/${seg(definition.id)}`, {
      version: current.version, name: definition.name || current.name, flows: definition.flows || [],
      sessionIdleTimeoutSeconds: definition.sessionIdleTimeoutSeconds ?? current.sessionIdleTimeoutSeconds,
    });
    toast(`App “${definition.id}” replaced.`);
  }
}
