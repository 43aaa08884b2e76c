/** Session Management: the pipeline step moving message fields into, out of and away from a session. */
package dev.sessionkit.session.manage;
