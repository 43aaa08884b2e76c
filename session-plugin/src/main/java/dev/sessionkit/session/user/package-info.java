/** Get UserName, Get UserId and Get Role Id: facts of the signed-in user from the verified JWT. */
package dev.sessionkit.session.user;
