// The installed plugins' methods (GET /api/plugins), indexed for the palette, the inspector and missing-step marks.
import { api } from './api.js';

/**
 * @returns {plugins, methods: Map<methodId, {method, plugin}>}; only STARTED plugins contribute methods
 * @throws ApiError when the plugins cannot be read
 */
export async function loadRegistry() {
  const plugins = await api.get('/api/plugins');
  const methods = new Map();
  for (const plugin of plugins) {
    if (plugin.state !== 'STARTED') continue;
    for (const method of plugin.methods || []) methods.set(method.id, { method, plugin });
  }
  return { plugins, methods };
}

/**
 * Why a step's method is not available: its plugin is installed but not started (disabled, failed...), or missing.
 * @param registry from loadRegistry()
 * @param step a method step whose method is not in registry.methods
 * @returns {label: "plugin disabled" | "plugin failed" | ... | "plugin missing", plugin: the installed plugin or null}
 */
export function absenceOf(registry, step) {
  const plugin = registry.plugins.find((p) => p.id === step.plugin)
    || registry.plugins.find((p) => (p.methods || []).some((m) => m.id === step.method)) || null;
  // a started plugin without the method (a release that dropped it) is as good as missing for this step
  if (!plugin || plugin.state === 'STARTED') return { label: 'plugin missing', plugin: null };
  return { label: `plugin ${String(plugin.state || 'stopped').toLowerCase()}`, plugin };
}
