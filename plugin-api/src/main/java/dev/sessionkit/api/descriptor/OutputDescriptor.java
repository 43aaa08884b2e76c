package dev.sessionkit.api.descriptor;

import dev.sessionkit.api.data.DataType;
import java.util.Objects;

/**
 * The output of a method.
 *
 * @param dataType the type of the output value, not null
 * @param help     what the output holds; may be empty, never null
 */
public record OutputDescriptor(DataType dataType, String help) {
    /** Checks the components. */
    public OutputDescriptor {
        Objects.requireNonNull(dataType, "dataType");
        help = help == null ? "" : help;
    }
}
