/**
 * The Session plugin (PF4J id {@code session-plugin}): {@link dev.sessionkit.session.SessionPlugin} and the
 * {@link dev.sessionkit.session.SessionMethods} extension contributing every {@code session.*} method.
 *
 * <p>Sub-packages by feature: {@code parameters} (Set / Get / Delete Parameters), {@code user} (Get UserName /
 * UserId / Role Id), {@code manage} (Session Management), {@code lifecycle} (Session Exist, Start / End / Clear /
 * Extend Session, Session Info, Open Shared Session) and {@code support} (addressing, input reading, descriptor
 * building shared by the methods). Methods are stateless; all session state lives in the host's store.
 */
package dev.sessionkit.session;
