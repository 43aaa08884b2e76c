/**
 * What the Session methods share: the addressing inputs and their resolution to a session, reading validated inputs,
 * the 400 errors they raise, name lists, descriptor and help building, JSON helpers.
 */
package dev.sessionkit.session.support;
