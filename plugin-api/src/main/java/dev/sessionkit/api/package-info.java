/**
 * The Sessionkit plugin API: what a plugin compiles against, alone.
 *
 * <p>A plugin contributes {@link dev.sessionkit.api.PluginMethod methods} through the
 * {@link dev.sessionkit.api.MethodProvider} extension point. Each method is described by a
 * {@link dev.sessionkit.api.descriptor.MethodDescriptor} (data, from which the UI renders its forms), receives an
 * {@link dev.sessionkit.api.ExecutionContext} and validated inputs, and reaches session data through
 * {@link dev.sessionkit.api.session.SessionStore}; a plugin that signs people in reaches the host's accounts
 * through {@link dev.sessionkit.api.accounts.Accounts}. Failures are {@link dev.sessionkit.api.error.SessionkitException}s.
 */
package dev.sessionkit.api;
