package dev.sessionkit.host.flows;

import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.session.Scope;

/**
 * A method step's Output Configuration: {@code {"dataType"?, "scope"?, "name"?, "target"?}}.
 *
 * @param dataType converts the output (losslessly) or rejects it; null keeps it as the method returned it
 * @param scope    LOCAL or GLOBAL: where {@code name} stores the output (LOCAL when only the name is given)
 * @param name     the variable the output is stored as, or null to store nothing
 * @param target   the message field the output is also written to, or null
 */
public record OutputConfig(DataType dataType, Scope scope, String name, MessagePath target) {
}
