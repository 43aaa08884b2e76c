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
