package dev.sessionkit.session.support;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import java.util.Arrays;
import java.util.List;

/**
 * Factories for the input descriptors the Session methods share in shape: choices from an enum, boolean options and
 * the {@code dataType} field of parameter rows.
 *
 * <p>Stateless and thread-safe; every descriptor returned is immutable.
 */
public final class Inputs {
    /** The id of the input holding parameter rows. */
    public static final String PARAMETERS = "parameters";
    /** The names of the seven data types, for {@code allowedValues}. */
    public static final List<String> DATA_TYPES = names(DataType.class);

    private Inputs() {
    }

    /**
     * The constant names of an enum, in declaration order.
     *
     * @param type the enum
     * @return its names
     */
    public static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    /**
     * A STRING input limited to the constants of an enum.
     *
     * @param id           the stable input id
     * @param name         the display name
     * @param help         the help text
     * @param values       the enum whose constant names are the allowed values
     * @param defaultValue the default constant, or null for a required choice
     * @return the descriptor
     */
    public static InputDescriptor choice(String id, String name, String help, Class<? extends Enum<?>> values,
                                         Enum<?> defaultValue) {
        InputDescriptor.Builder builder = InputDescriptor.builder(id, DataType.STRING).name(name).help(help)
                .allowedValues(names(values));
        if (defaultValue == null) {
            builder.required();
        } else {
            builder.defaultValue(TextNode.valueOf(defaultValue.name()));
        }
        return builder.build();
    }

    /**
     * A BOOLEAN option with a default.
     *
     * @param id           the stable input id
     * @param name         the display name
     * @param help         the help text
     * @param defaultValue the default
     * @return the descriptor
     */
    public static InputDescriptor flag(String id, String name, String help, boolean defaultValue) {
        return InputDescriptor.builder(id, DataType.BOOLEAN).name(name).help(help)
                .defaultValue(BooleanNode.valueOf(defaultValue)).build();
    }

    /**
     * The {@code parameters} input: an ARRAY of rows, each naming one parameter first.
     *
     * @param help     the help text of the whole input
     * @param nameHelp the help text of each row's {@code name}
     * @param fields   the other fields of each row, in display order
     * @return the descriptor, required
     */
    public static InputDescriptor parameterRows(String help, String nameHelp, InputDescriptor... fields) {
        InputDescriptor.Builder rows = InputDescriptor.builder(PARAMETERS, DataType.ARRAY).name("Parameters")
                .help(help).required()
                .field(InputDescriptor.builder("name", DataType.STRING).name("Name").help(nameHelp).required().build());
        for (InputDescriptor field : fields) {
            rows.field(field);
        }
        return rows.build();
    }

    /**
     * The {@code dataType} field of a parameter row: one of the seven data type names.
     *
     * @param required whether a row must name its type
     * @param help     the help text
     * @return the descriptor
     */
    public static InputDescriptor dataType(boolean required, String help) {
        InputDescriptor.Builder builder = InputDescriptor.builder("dataType", DataType.STRING).name("Data type")
                .help(help).allowedValues(DATA_TYPES);
        return (required ? builder.required() : builder).build();
    }
}
