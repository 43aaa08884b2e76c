// Marketplace (admin): the installed plugins (GET /api/plugins) and what the configured repositories offer
// (GET /api/marketplace, docs/api.md "Marketplace and plugins"): each plugin's releases (date, requires, SHA-512),
// compatibility and why not, update badges; install or update to a chosen release, disable, enable and uninstall
// (disable and uninstall first list the flows that use the plugin, GET /api/plugins/{id}/flows, and ask), each busy
// while it runs and showing the server's error on the plugin's card.
import { h, replace } from './dom.js';
import { api, seg, describeError } from './api.js';
import { toast, confirmAction } from './notify.js';

const ROUTES = {
  listing: () => '/api/marketplace',
  cluster: () => '/api/cluster',
  installed: () => '/api/plugins',
  install: (id) => `/api/marketplace/${seg(id)}/install`,
  update: (id) => `/api/plugins/${seg(id)}/update`,
  enable: (id) => `/api/plugins/${seg(id)}/enable`,
  disable: (id) => `/api/plugins/${seg(id)}/disable`,
  uninstall: (id) => `/api/plugins/${seg(id)}`,
  flows: (id) => `/api/plugins/${seg(id)}/flows`,
};

const DONE = {
  install: 'is installed', update: 'is updated', enable: 'is enabled', disable: 'is disabled', uninstall: 'is uninstalled',
};

const PROGRESS = {
  install: 'Installing…', update: 'Updating…', enable: 'Enabling…', disable: 'Disabling…', uninstall: 'Uninstalling…',
};

export function renderMarketplace(main) {
  const repositoriesEl = h('div', { id: 'repositories' });
  const clusterEl = h('div', { id: 'cluster-state' });
  const installedEl = h('div', { class: 'plugin-grid', id: 'installed-plugins' }, h('p', { class: 'muted' }, 'Loading…'));
  const availableEl = h('div', { class: 'plugin-grid', id: 'available-plugins' }, h('p', { class: 'muted' }, 'Loading…'));
  const refresh = h('button', { class: 'button', id: 'marketplace-refresh', onclick: () => load() }, 'Refresh');
  let running = null; // the one change in progress: the host applies changes one at a time

  replace(main,
    h('div', { class: 'page-header' }, h('div', {}, h('h1', {}, 'Marketplace'),
      h('p', { class: 'muted' }, 'Plugins add methods to the palette. Changes apply at once, without a restart.')),
    h('div', { class: 'actions' }, refresh)),
    repositoriesEl, clusterEl,
    h('h2', { class: 'section-title' }, 'Installed'), installedEl,
    h('h2', { class: 'section-title' }, 'Available'), availableEl);
  load();

  async function load() {
    refresh.disabled = true;
    const [installed, listing, cluster] = await Promise.all([
      api.get(ROUTES.installed()).catch((e) => e),
      api.get(ROUTES.listing()).catch((e) => e),
      api.get(ROUTES.cluster()).catch((e) => e),
    ]);
    refresh.disabled = false;
    if (!main.isConnected) return;
    const offers = listing instanceof Error ? [] : listing.plugins || [];
    const byId = new Map(offers.map((entry) => [entry.id, entry]));

    replace(repositoriesEl, listing instanceof Error
      ? h('p', { class: 'notice notice-error', role: 'alert' }, `The marketplace could not be read: ${describeError(listing)}`)
      : [h('p', { class: 'muted repositories-line' }, `Host ${listing.hostVersion} · repositories: `,
        listing.repositories.map((r, i) => [i ? ', ' : '', h('span', { class: 'mono', title: r.url }, r.id),
          ` (${r.plugins})`])),
      listing.repositories.filter((r) => r.error).map((r) => h('p', { class: 'notice', role: 'alert' },
        `Repository ${r.id}: ${r.error}`))]);

    replace(clusterEl, clusterState(cluster));

    if (installed instanceof Error) {
      replace(installedEl, h('p', { class: 'notice notice-error', role: 'alert' },
        `The installed plugins could not be read: ${describeError(installed)}`));
    } else {
      replace(installedEl, installed.length ? installed.map((p) => installedCard(p, byId.get(p.id)))
        : h('p', { class: 'empty' }, 'No plugins are installed.'));
    }
    if (listing instanceof Error) {
      replace(availableEl);
      return;
    }
    const installedIds = new Set(installed instanceof Error ? [] : installed.map((p) => p.id));
    const available = offers.filter((entry) => entry.state === 'NOT_INSTALLED' && !installedIds.has(entry.id));
    replace(availableEl, available.length ? available.map(availableCard)
      : h('p', { class: 'empty' }, 'Every plugin the repositories offer is installed.'));
  }

  // In a cluster (GET /api/cluster): how many hosts run the cluster's plugins, and which do not, with what they run.
  function clusterState(cluster) {
    if (cluster instanceof Error) {
      return h('p', { class: 'notice', role: 'alert' }, `The cluster's state could not be read: ${describeError(cluster)}`);
    }
    if (cluster.mode !== 'cluster') return null;
    const live = cluster.hosts.filter((host) => host.alive);
    const behind = live.filter((host) => !host.inAgreement);
    if (!behind.length) {
      return h('p', { class: 'muted', id: 'cluster-agreement' },
        `Cluster: ${live.length} live host(s), all running the cluster's plugins. A change here reaches every host.`);
    }
    const running = (host) => host.plugins.map((p) => `${p.id} ${p.version ?? ''} ${p.state.toLowerCase()}`).join(', ');
    return h('div', { class: 'notice', role: 'alert', id: 'cluster-disagreement' },
      h('p', {}, `${behind.length} of ${live.length} live host(s) do not run the cluster's plugins yet:`),
      h('ul', {}, behind.map((host) => h('li', {}, h('span', { class: 'mono' }, host.name), ` (${host.hostId.slice(0, 8)}): `,
        running(host) || 'no plugins',
        Object.entries(host.pluginProblems || {}).map(([id, why]) => h('span', { class: 'form-error' }, ` · ${id}: ${why}`))))),
      h('p', { class: 'muted' }, 'Hosts converge within seconds; one that stays listed here could not load a plugin.'));
  }

  function card(id) {
    return h('article', { class: 'card plugin-card', dataset: { pluginId: id } });
  }

  function head(name, ...badges) {
    return h('div', { class: 'plugin-head' }, h('h3', {}, name), badges);
  }

  function methodsLine(methods) {
    const ids = (methods || []).map((m) => m.id);
    return h('p', { class: 'muted plugin-methods', title: ids.join('\n') },
      `${ids.length} method(s)`, ids.length ? ': ' : '', h('span', { class: 'mono' }, ids.slice(0, 4).join(', ')),
      ids.length > 4 ? ` and ${ids.length - 4} more` : '');
  }

  function installedCard(plugin, entry) {
    const el = card(plugin.id);
    const status = h('p', { class: 'plugin-status', role: 'status' });
    const started = plugin.state === 'STARTED';
    const update = entry?.updateAvailable === true;
    const stateClass = started ? 'badge-ok' : plugin.state === 'FAILED' ? 'badge-error' : 'badge-warn';
    // a jar without a name shows its id: the repository's name for it reads better
    const name = (plugin.name && plugin.name !== plugin.id ? plugin.name : entry?.name) || plugin.id;
    const act = (label, action, run, kind) => h('button', {
      class: ['button', 'button-small', kind], dataset: { action },
      onclick: (event) => perform(el, status, event.currentTarget, action, name, run),
    }, label);
    // the newer releases this host can install: updating goes forward only (the host refuses downgrades)
    const newer = (entry?.releases || []).filter((r) => r.installable && isNewer(r.version, plugin.version));
    const versions = releaseSelect(newer, entry?.latestVersion, `Version to update ${name} to`);
    return replace(el,
      head(name, h('span', { class: 'badge' }, `v${plugin.version}`),
        h('span', { class: ['badge', stateClass], dataset: { state: plugin.state } }, plugin.state.toLowerCase()),
        update ? h('span', { class: 'badge badge-update' }, `update ${entry.latestVersion}`) : null),
      h('p', { class: 'muted mono' }, plugin.id, entry?.provider ? ` · ${entry.provider}` : '',
        entry?.repository ? ` · from ${entry.repository}` : ' · not in any repository'),
      plugin.description ? h('p', { class: 'plugin-description' }, plugin.description) : null,
      plugin.error ? h('p', { class: 'form-error' }, plugin.error) : null,
      started ? methodsLine(plugin.methods) : h('p', { class: 'muted' }, 'Its methods are not available while it is not started.'),
      releasesList(entry, plugin.version),
      h('div', { class: 'card-actions' },
        newer.length ? [versions, act('Update', 'update',
          () => api.post(ROUTES.update(plugin.id), { version: versions.value }), 'button-primary')] : null,
        started ? act('Disable', 'disable', () => api.post(ROUTES.disable(plugin.id)))
          : act('Enable', 'enable', () => api.post(ROUTES.enable(plugin.id))),
        act('Uninstall', 'uninstall', () => api.delete(ROUTES.uninstall(plugin.id)), 'button-danger-quiet')),
      status);
  }

  /** A list of releases to choose from, the newest that runs here chosen. */
  function releaseSelect(releases, chosen, label) {
    return h('select', { class: 'version-select', 'aria-label': label },
      releases.map((r) => h('option', { value: r.version, selected: r.version === chosen },
        `v${r.version}${r.date ? ` · ${r.date}` : ''}`)));
  }

  /** Every release a repository offers: version, date, the host versions it requires, its SHA-512, and why not. */
  function releasesList(entry, installedVersion) {
    const releases = entry?.releases || [];
    if (!releases.length) return null;
    const note = (r) => (r.version === installedVersion ? 'installed' : r.installable ? (r.version === entry.latestVersion ? 'newest for this host' : null)
      : r.reason || 'cannot be installed');
    return h('details', { class: 'releases' },
      h('summary', {}, `Releases (${releases.length})${entry.provider ? ` by ${entry.provider}` : ''}`),
      h('ul', { class: 'release-list' }, releases.map((r) => h('li', { dataset: { version: r.version } },
        h('strong', { class: 'mono' }, `v${r.version}`),
        ` · ${r.date || 'no date'} · requires `, h('span', { class: 'mono' }, r.requires || 'any host'),
        ' · SHA-512 ', r.sha512sum ? h('span', { class: 'mono checksum', title: r.sha512sum }, `${r.sha512sum.slice(0, 12)}…`)
          : h('span', { class: 'checksum' }, 'none'),
        note(r) ? h('span', { class: r.installable || r.version === installedVersion ? 'muted' : 'form-error' }, ` — ${note(r)}`) : null))));
  }

  function availableCard(entry) {
    const el = card(entry.id);
    const status = h('p', { class: 'plugin-status', role: 'status' });
    const installable = (entry.releases || []).filter((r) => r.installable);
    const versions = releaseSelect(installable, entry.latestVersion, `Version of ${entry.name || entry.id}`);
    const notInstallable = (entry.releases || []).filter((r) => !r.installable && r.reason);
    return replace(el,
      head(entry.name || entry.id, entry.latestVersion ? h('span', { class: 'badge' }, `v${entry.latestVersion}`) : null,
        h('span', { class: ['badge', entry.compatible ? 'badge-ok' : 'badge-error'], dataset: { compatible: String(entry.compatible) } },
          entry.compatible ? 'compatible' : 'incompatible')),
      h('p', { class: 'muted mono' }, entry.id, entry.provider ? ` · ${entry.provider}` : '', ` · from ${entry.repository}`),
      entry.description ? h('p', { class: 'plugin-description' }, entry.description) : null,
      !entry.compatible && entry.reason ? h('p', { class: 'form-error plugin-reason' }, entry.reason) : null,
      entry.compatible && notInstallable.length ? h('p', { class: 'muted plugin-reason' },
        notInstallable.map((r) => `v${r.version}: ${r.reason}`).join(' · ')) : null,
      releasesList(entry, null),
      h('div', { class: 'card-actions' }, installable.length ? versions : null, h('button', {
        class: 'button button-small button-primary', dataset: { action: 'install' }, disabled: !installable.length,
        title: installable.length ? '' : 'No release of this plugin can be installed on this host',
        onclick: (event) => perform(el, status, event.currentTarget, 'install', entry.name || entry.id,
          () => api.post(ROUTES.install(entry.id), { version: versions.value })),
      }, 'Install')),
      status);
  }

  /**
   * Disabling or uninstalling asks first, listing the flows that use the plugin (GET /api/plugins/{id}/flows).
   * @returns true when the admin confirmed
   */
  async function confirmRemoval(action, name, id) {
    const until = action === 'disable' ? 'it is enabled again' : 'it is installed again';
    let usage;
    try {
      const flows = (await api.get(ROUTES.flows(id))).flows || [];
      usage = flows.length
        ? [h('p', {}, `${flows.length === 1 ? 'This flow uses' : `These ${flows.length} flows use`} its methods; `
          + `those steps fail until ${until}:`),
        h('ul', {}, flows.map((f) => h('li', {},
          // opening a flow answers the question with no: the dialog closes, nothing changes
          h('a', { href: `#/apps/${seg(f.appId)}/flows/${seg(f.flowId)}`, onclick: (e) => e.currentTarget.closest('dialog')?.close() },
            `${f.appId} / ${f.flowName || f.flowId}`),
          ` — steps ${f.stepIds.join(', ')} (${f.methods.join(', ')})`)))]
        : h('p', {}, 'No flow uses its methods.');
    } catch (e) {
      usage = h('p', { class: 'form-error' }, `The flows that use it could not be read: ${describeError(e)}`);
    }
    const label = action === 'disable' ? 'Disable' : 'Uninstall';
    return confirmAction(`${label} ${name}?`, h('div', { class: 'affected-flows' },
      h('p', {}, 'Its methods leave the palette at once. Flows keep their steps, and the flow editor marks them.'),
      usage), label);
  }

  async function perform(el, status, button, action, name, run) {
    if (running) {
      status.className = 'plugin-status';
      status.textContent = `Wait: ${running} is still in progress.`;
      return;
    }
    if ((action === 'uninstall' || action === 'disable')
      && !(await confirmRemoval(action, name, el.dataset.pluginId))) return;
    running = `${name}: ${PROGRESS[action]}`;
    const buttons = [...main.querySelectorAll('.plugin-card button, .plugin-card select')];
    const wasDisabled = new Map(buttons.map((b) => [b, b.disabled]));
    buttons.forEach((b) => { b.disabled = true; });
    const label = button.textContent;
    button.textContent = PROGRESS[action];
    button.setAttribute('aria-busy', 'true');
    el.classList.add('busy');
    status.className = 'plugin-status';
    status.textContent = PROGRESS[action];
    try {
      await run();
      toast(`${name} ${DONE[action]}.`);
      running = null;
      await load();
    } catch (e) {
      running = null;
      el.classList.remove('busy');
      button.textContent = label;
      button.removeAttribute('aria-busy');
      buttons.forEach((b) => { b.disabled = wasDisabled.get(b); });
      status.className = 'plugin-status form-error';
      status.setAttribute('role', 'alert');
      status.textContent = `${label} refused: ${describeError(e)}`;
    }
  }
}

/** @returns true when version a is newer than b (x.y.z, numerically; a pre-release sorts before its release) */
function isNewer(a, b) {
  const parts = (v) => String(v).split(/[-+]/)[0].split('.').map(Number);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((pa[i] || 0) !== (pb[i] || 0)) return (pa[i] || 0) > (pb[i] || 0);
  return !a.includes('-') && b.includes('-');
}
