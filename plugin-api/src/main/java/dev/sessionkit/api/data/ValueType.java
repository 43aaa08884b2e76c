package dev.sessionkit.api.data;

/**
 * How a configured value is obtained.
 *
 * <ul>
 *   <li>{@link #STATIC}: the value is a literal, used as it is (then coerced to its data type).</li>
 *   <li>{@link #EXPRESSION}: the value is a Double Braces template such as {@code {{ message.sku }}}, evaluated by
 *       the host against the execution before the method runs. A template that is exactly one {@code {{ }}} keeps
 *       the referenced value's type; text mixed with expressions is a STRING. Expressions never execute code.</li>
 * </ul>
 * Methods receive already-resolved values: a plugin never evaluates expressions itself.
 */
public enum ValueType {
    STATIC, EXPRESSION
}
