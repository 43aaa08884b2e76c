/**
 * The Auth plugin ({@code auth-plugin}): Sign In, Sign Out, Sign Up and Change Password as flow steps, so an app can
 * have its own {@code /run/{app}/login}, {@code /logout} and {@code /signup}. The methods hold no state: accounts,
 * tokens, the throttle and the sessions are the host's, reached through the
 * {@link dev.sessionkit.api.accounts.Accounts} host service, which applies the host's rules whatever a flow passes.
 */
package dev.sessionkit.auth;
