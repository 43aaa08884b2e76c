/**
 * Session lifecycle: Session Exist, Start Session, End Session, Clear Session Data, Extend Session, Session Info and
 * Open Shared Session.
 */
package dev.sessionkit.session.lifecycle;
