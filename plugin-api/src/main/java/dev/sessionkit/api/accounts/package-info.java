/**
 * Host services for plugins that sign people in and out: {@link dev.sessionkit.api.accounts.Accounts}, the host's
 * user accounts and sign-in tokens as one call's caller may use them, reached through
 * {@link dev.sessionkit.api.ExecutionContext#accounts()}.
 *
 * <p>Only what a sign-in page needs is here. What only administrators do (listing, deleting users, granting roles,
 * ending other users' sessions) stays in the host and is never reachable by a plugin.
 */
package dev.sessionkit.api.accounts;
