// Marketplace (admin): installed plugins (GET /api/plugins) and the plugins the configured repositories offer
// (GET /api/marketplace), with versions, compatibility and update badges; install, update, disable, enable and
// uninstall, each showing its progress and the server's error on the plugin's card.
import { h, replace } from './dom.js';
import { api, seg } from './api.js';
import { toast, confirmAction } from './notify.js';

// The marketplace routes (PRODUCT.md section 4).
const ROUTES = {
  available: () => '/api/marketplace',
  install: (id) => `/api/marketplace/${seg(id)}/install`,
  update: (id) => `/api/plugins/${seg(id)}/update`,
  enable: (id) => `/api/plugins/${seg(id)}/enable`,
  disable: (id) => `/api/plugins/${seg(id)}/disable`,
  uninstall: (id) => `/api/plugins/${seg(id)}`,
};

export function renderMarketplace(main) {
  const installedEl = h('div', { class: 'plugin-grid', id: 'installed-plugins' }, h('p', { class: 'muted' }, 'Loading…'));
  const availableEl = h('div', { class: 'plugin-grid', id: 'available-plugins' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(main,
    h('div', { class: 'page-header' }, h('div', {}, h('h1', {}, 'Marketplace'),
      h('p', { class: 'muted' }, 'Plugins add methods to the palette. Changes apply at once, without a restart.'))),
    h('h2', { class: 'section-title' }, 'Installed'), installedEl,
    h('h2', { class: 'section-title' }, 'Available'), availableEl);
  load();

  async function load() {
    const [installed, offered] = await Promise.all([
      api.get('/api/plugins').catch((e) => e),
      api.get(ROUTES.available()).catch((e) => e),
    ]);
    const catalog = offered instanceof Error ? [] : (Array.isArray(offered) ? offered : offered?.plugins || []);
    const byId = new Map(catalog.map((entry) => [entry.id, entry]));
    if (installed instanceof Error) {
      replace(installedEl, h('p', { class: 'notice notice-error', role: 'alert' }, `The installed plugins could not be read: ${installed.message}`));
    } else {
      replace(installedEl, installed.length ? installed.map((p) => installedCard(p, byId.get(p.id)))
        : h('p', { class: 'empty' }, 'No plugins are installed.'));
    }
    if (offered instanceof Error) {
      replace(availableEl, h('p', { class: 'notice notice-error', role: 'alert' }, offered.routeMissing
        ? `This host has no marketplace yet: ${offered.message}` : `The marketplace could not be read: ${offered.message}`));
      return;
    }
    const installedIds = new Set(installed instanceof Error ? [] : installed.map((p) => p.id));
    const notInstalled = catalog.filter((entry) => !installedIds.has(entry.id) && !entry.installedVersion);
    replace(availableEl, notInstalled.length ? notInstalled.map(availableCard)
      : h('p', { class: 'empty' }, 'Every plugin of the marketplace is installed.'));
  }

  function latestOf(entry) {
    return entry?.latestVersion || entry?.version || entry?.releases?.[entry.releases.length - 1]?.version || null;
  }

  function installedCard(plugin, entry) {
    const latest = latestOf(entry);
    const update = entry && (entry.updateAvailable === true || (latest && entry.updateAvailable === undefined && latest !== plugin.version));
    const started = plugin.state === 'STARTED';
    const card = h('article', { class: 'card plugin-card', dataset: { pluginId: plugin.id } });
    const status = h('p', { class: 'plugin-status', role: 'status' });
    const act = (label, action, route, method = 'post') => h('button', {
      class: ['button', 'button-small', action === 'uninstall' ? 'button-danger-quiet' : null], dataset: { action },
      onclick: () => perform(card, status, label, action, plugin, () => api[method](route(plugin.id))),
    }, label);
    return replace(card,
      h('div', { class: 'plugin-head' }, h('h3', {}, plugin.name || plugin.id),
        h('span', { class: 'badge' }, `v${plugin.version}`),
        h('span', { class: ['badge', started ? 'badge-ok' : 'badge-warn'] }, plugin.state.toLowerCase()),
        update ? h('span', { class: 'badge badge-update' }, `update ${latest}`) : null),
      h('p', { class: 'muted mono' }, plugin.id),
      plugin.description ? h('p', {}, plugin.description) : null,
      plugin.error ? h('p', { class: 'form-error' }, plugin.error) : null,
      h('p', { class: 'muted' }, `${(plugin.methods || []).length} method(s)`),
      h('div', { class: 'card-actions' },
        update ? act('Update', 'update', ROUTES.update) : null,
        started ? act('Disable', 'disable', ROUTES.disable) : act('Enable', 'enable', ROUTES.enable),
        act('Uninstall', 'uninstall', ROUTES.uninstall, 'delete')),
      status);
  }

  function availableCard(entry) {
    const latest = latestOf(entry);
    const compatible = entry.compatible !== false;
    const card = h('article', { class: 'card plugin-card', dataset: { pluginId: entry.id } });
    const status = h('p', { class: 'plugin-status', role: 'status' });
    return replace(card,
      h('div', { class: 'plugin-head' }, h('h3', {}, entry.name || entry.id),
        latest ? h('span', { class: 'badge' }, `v${latest}`) : null,
        h('span', { class: ['badge', compatible ? 'badge-ok' : 'badge-error'], title: entry.requires ? `requires ${entry.requires}` : '' },
          compatible ? 'compatible' : 'incompatible')),
      h('p', { class: 'muted mono' }, entry.id, entry.provider ? ` · ${entry.provider}` : ''),
      entry.description ? h('p', {}, entry.description) : null,
      h('div', { class: 'card-actions' }, h('button', {
        class: 'button button-small button-primary', dataset: { action: 'install' }, disabled: !compatible,
        onclick: () => perform(card, status, 'Install', 'install', entry, () => api.post(ROUTES.install(entry.id))),
      }, 'Install')),
      status);
  }

  async function perform(card, status, label, action, plugin, call) {
    if (action === 'uninstall' && !(await confirmAction(`Uninstall ${plugin.name || plugin.id}?`,
      'Its methods leave the palette at once; flows that use them fail until it is installed again.', 'Uninstall'))) return;
    card.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    card.classList.add('busy');
    status.className = 'plugin-status';
    status.textContent = `${label.replace(/e$/, '')}ing…`;
    try {
      await call();
      toast(`${plugin.name || plugin.id}: ${action} done.`);
      await load();
    } catch (e) {
      card.classList.remove('busy');
      card.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      status.className = 'plugin-status form-error';
      status.textContent = `${label} failed: ${e.message}`;
    }
  }
}
