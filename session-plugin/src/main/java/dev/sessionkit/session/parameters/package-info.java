/**
 * Set Parameters, Update Parameters, Get Parameters and Delete Parameters: typed parameters in a LOCAL, GLOBAL, SHARED
 * or TOKEN session.
 */
package dev.sessionkit.session.parameters;
