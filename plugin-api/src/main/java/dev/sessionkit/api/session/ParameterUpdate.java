package dev.sessionkit.api.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.data.JsonNumbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * One change of one parameter that {@link SessionStore#update} applies where the value lives, without a
 * read-modify-write by the caller: add items to a list, add to a number, merge into an object, remove a path from an
 * object. Immutable values; the lists are copied (the JSON nodes are not: callers must not modify them afterwards).
 *
 * <p>A <em>path</em> is a list of field names inside an OBJECT parameter ({@code ["delivery", "driver"]} is
 * {@code delivery.driver}); each name is non-empty, and a path has at most {@value #MAX_PATH} names.
 *
 * <p>Values are compared as JSON ({@link Remove}): strings, booleans and null by equality, numbers by value
 * ({@code 1}, {@code 1.0} and {@code 1e0} are equal), arrays element by element, objects by their fields whatever
 * their order.
 */
public sealed interface ParameterUpdate permits ParameterUpdate.Append, ParameterUpdate.Remove,
        ParameterUpdate.Increment, ParameterUpdate.Merge, ParameterUpdate.Unset {

    /** The most names a path may have. */
    int MAX_PATH = 32;

    /** @return the parameter this update changes; non-empty */
    String name();

    /**
     * Adds items to the end of an ARRAY parameter, in the order given; an absent parameter becomes an ARRAY of them.
     *
     * @param name  the parameter
     * @param items the items, at least one; each is one element (an ARRAY item is added as one element)
     */
    record Append(String name, List<JsonNode> items) implements ParameterUpdate {
        /** Checks the components and copies the list. */
        public Append {
            checkName(name);
            items = List.copyOf(Objects.requireNonNull(items, "items"));
            if (items.isEmpty()) throw new IllegalArgumentException("append needs at least one item");
        }
    }

    /**
     * Removes every element of an ARRAY parameter equal (as JSON) to one of the values; an absent parameter stays
     * absent.
     *
     * @param name   the parameter
     * @param values the values to remove, at least one
     */
    record Remove(String name, List<JsonNode> values) implements ParameterUpdate {
        /** Checks the components and copies the list. */
        public Remove {
            checkName(name);
            values = List.copyOf(Objects.requireNonNull(values, "values"));
            if (values.isEmpty()) throw new IllegalArgumentException("remove needs at least one value");
        }
    }

    /**
     * Adds an amount to a number parameter; an absent parameter starts at 0.
     * <ul>
     *   <li>{@link DataType#INTEGER}: the parameter must hold a whole number (written without a fractional part) within
     *       64 bits, the amount is one, and so must the sum: past {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE} the
     *       update is refused ({@code 400 INTEGER_OVERFLOW}).</li>
     *   <li>{@link DataType#NUMBER}: the parameter may hold any number; the sum is exact decimal arithmetic (its
     *       scale is the larger of the two: {@code 2.50 + 1 = 3.50}), of at most {@link JsonNumbers#MAX_LENGTH}
     *       characters in plain digits ({@code 400 NUMBER_TOO_LONG} otherwise).</li>
     * </ul>
     *
     * @param name   the parameter
     * @param amount what to add (negative to subtract)
     * @param type   {@link DataType#INTEGER} or {@link DataType#NUMBER}
     */
    record Increment(String name, BigDecimal amount, DataType type) implements ParameterUpdate {
        private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
        private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

        /** Checks the components. */
        public Increment {
            checkName(name);
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(type, "type");
            if (type == DataType.INTEGER) {
                if ((long) amount.precision() - amount.scale() > 19
                        || amount.scale() > 0 && amount.stripTrailingZeros().scale() > 0) {
                    throw new IllegalArgumentException("an INTEGER increment needs a whole amount within 64 bits");
                }
                BigInteger whole = amount.toBigInteger();
                if (whole.compareTo(LONG_MIN) < 0 || whole.compareTo(LONG_MAX) > 0) {
                    throw new IllegalArgumentException("an INTEGER increment needs a whole amount within 64 bits");
                }
                amount = new BigDecimal(whole);
            } else if (type == DataType.NUMBER) {
                if (!JsonNumbers.fits(amount)) {
                    throw new IllegalArgumentException("the amount is longer than " + JsonNumbers.MAX_LENGTH
                            + " characters in plain digits");
                }
            } else {
                throw new IllegalArgumentException("increment takes INTEGER or NUMBER, not " + type);
            }
        }

        /**
         * @param name   the parameter
         * @param amount what to add
         * @return an INTEGER increment
         */
        public static Increment integer(String name, long amount) {
            return new Increment(name, BigDecimal.valueOf(amount), DataType.INTEGER);
        }

        /**
         * @param name   the parameter
         * @param amount what to add
         * @return a NUMBER increment
         */
        public static Increment number(String name, BigDecimal amount) {
            return new Increment(name, amount, DataType.NUMBER);
        }
    }

    /**
     * Merges an OBJECT into an OBJECT parameter, at the top level (empty path) or at a path inside it. Fields of
     * {@code object} are set in the target; where both hold an OBJECT under one field, those are merged the same way
     * (a deep merge); any other value replaces the target's. Fields the target had keep their place; new fields come
     * after them, in the order given. An absent parameter, and absent objects along the path, start as {@code {}}.
     *
     * @param name   the parameter
     * @param path   where to merge inside it; empty for the top level
     * @param object what to merge
     */
    record Merge(String name, List<String> path, ObjectNode object) implements ParameterUpdate {
        /** Checks the components and copies the path. */
        public Merge {
            checkName(name);
            path = checkPath(path, false);
            Objects.requireNonNull(object, "object");
        }
    }

    /**
     * Removes the field at a path inside an OBJECT parameter. Nothing changes when the parameter, an object along
     * the path or the field is absent.
     *
     * @param name the parameter
     * @param path the field to remove, at least one name
     */
    record Unset(String name, List<String> path) implements ParameterUpdate {
        /** Checks the components and copies the path. */
        public Unset {
            checkName(name);
            path = checkPath(path, true);
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) throw new IllegalArgumentException("a parameter name must not be empty");
    }

    private static List<String> checkPath(List<String> path, boolean nonEmpty) {
        List<String> copy = List.copyOf(Objects.requireNonNull(path, "path"));
        if (nonEmpty && copy.isEmpty()) throw new IllegalArgumentException("the path must name at least one field");
        if (copy.size() > MAX_PATH) {
            throw new IllegalArgumentException("a path may have at most " + MAX_PATH + " names");
        }
        for (String field : copy) {
            if (field.isEmpty()) throw new IllegalArgumentException("a path's names must not be empty");
        }
        return copy;
    }
}
