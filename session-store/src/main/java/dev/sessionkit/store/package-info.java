/**
 * Implementations of {@link dev.sessionkit.api.session.SessionStore}, held by the host (not by a plugin) so sessions
 * survive plugin updates and reloads. {@link dev.sessionkit.store.CaffeineSessionStore} is the in-memory default,
 * configured through {@link dev.sessionkit.store.CaffeineStoreConfig}.
 */
package dev.sessionkit.store;
