package dev.sessionkit.session.parameters;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One kind of row of Update Parameters; its {@link #id()} is what a row's {@code operation} holds. */
public enum UpdateOperation {
    /** Adds the value (or, with {@code each}, its elements) to the end of an ARRAY; creates it if absent. */
    APPEND,
    /** Removes the elements equal to the value (or, with {@code each}, to one of its elements) from an ARRAY. */
    REMOVE,
    /** Adds the value to an INTEGER or NUMBER; starts at 0 if absent. */
    INCREMENT,
    /** Merges the OBJECT value into an OBJECT, at the top level or at {@code path}; creates it if absent. */
    MERGE,
    /** Removes the field at {@code path} inside an OBJECT. */
    UNSET;

    /** The ids, in declaration order, for the descriptor's allowed values. */
    public static final List<String> IDS = Arrays.stream(values()).map(UpdateOperation::id).toList();

    /** @return the id used in requests and app definitions: the lower-case name */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param id an id the descriptor allowed @return its operation */
    static UpdateOperation of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
