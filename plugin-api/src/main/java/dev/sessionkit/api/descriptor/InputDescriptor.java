package dev.sessionkit.api.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.data.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One input of a method (or one field of the elements of an ARRAY input), as data. The host validates calls with it
 * and the web UI renders its form from it.
 *
 * @param id            the stable name of the input in requests and app definitions ({@code "scope"}); part of the
 *                      contract, never renamed. Matches {@code [A-Za-z][A-Za-z0-9_]*}.
 * @param name          the display name ({@code "Scope"}), free to change
 * @param help          help text shown beside the field; may be empty, never null
 * @param dataType      the type the value is coerced to, or null when {@link #typeFrom} names a sibling field that
 *                      gives the type (a parameter row's value), or when any JSON value is accepted
 * @param required      whether a non-null value must be given (after defaults)
 * @param defaultValue  the value used when the input is absent, or null for none
 * @param allowedValues the only accepted values (compared case-sensitively as strings), empty for any
 * @param secret        whether the value is redacted in logs, traces and the UI
 * @param typeFrom      for a field of an array element: the sibling field whose value names this field's data type,
 *                      or null
 * @param showWhen      the UI shows the field only when each named sibling input has one of the listed values
 *                      (e.g. {@code sessionName} only when {@code scope} is {@code SHARED}); empty for always
 * @param fields        for an ARRAY of objects: the fields of each element, empty otherwise
 */
public record InputDescriptor(String id, String name, String help, DataType dataType, boolean required,
                              JsonNode defaultValue, List<String> allowedValues, boolean secret, String typeFrom,
                              Map<String, List<String>> showWhen, List<InputDescriptor> fields) {

    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** Validates the components and makes the collections unmodifiable. */
    public InputDescriptor {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("input id '" + id + "' must match " + ID.pattern());
        }
        name = name == null ? id : name;
        help = help == null ? "" : help;
        allowedValues = List.copyOf(allowedValues == null ? List.of() : allowedValues);
        showWhen = Map.copyOf(showWhen == null ? Map.of() : showWhen);
        fields = List.copyOf(fields == null ? List.of() : fields);
        if (!fields.isEmpty() && dataType != DataType.ARRAY) {
            throw new IllegalArgumentException("input '" + id + "' has fields but is not an ARRAY");
        }
    }

    /**
     * Starts a descriptor.
     *
     * @param id       the stable input name
     * @param dataType its type, or null for any JSON value
     * @return a builder
     */
    public static Builder builder(String id, DataType dataType) {
        return new Builder(id, dataType);
    }

    /** Builds an {@link InputDescriptor}. Not thread-safe; the built descriptor is immutable. */
    public static final class Builder {
        private final String id;
        private final DataType dataType;
        private String name;
        private String help = "";
        private boolean required;
        private JsonNode defaultValue;
        private final List<String> allowedValues = new ArrayList<>();
        private boolean secret;
        private String typeFrom;
        private final Map<String, List<String>> showWhen = new LinkedHashMap<>();
        private final List<InputDescriptor> fields = new ArrayList<>();

        private Builder(String id, DataType dataType) {
            this.id = id;
            this.dataType = dataType;
        }

        /** @param name the display name @return this */
        public Builder name(String name) { this.name = name; return this; }

        /** @param help help text @return this */
        public Builder help(String help) { this.help = help; return this; }

        /** Marks the input required. @return this */
        public Builder required() { this.required = true; return this; }

        /** @param value the default value @return this */
        public Builder defaultValue(JsonNode value) { this.defaultValue = value; return this; }

        /** @param values the only accepted values @return this */
        public Builder allowedValues(List<String> values) { this.allowedValues.addAll(values); return this; }

        /** Marks the input secret. @return this */
        public Builder secret() { this.secret = true; return this; }

        /** @param sibling the sibling field naming this field's type @return this */
        public Builder typeFrom(String sibling) { this.typeFrom = sibling; return this; }

        /**
         * @param sibling the sibling input
         * @param values  the sibling's values for which this input is shown
         * @return this
         */
        public Builder showWhen(String sibling, List<String> values) { this.showWhen.put(sibling, List.copyOf(values)); return this; }

        /** @param field a field of each array element @return this */
        public Builder field(InputDescriptor field) { this.fields.add(field); return this; }

        /** @return the descriptor */
        public InputDescriptor build() {
            return new InputDescriptor(id, name, help, dataType, required, defaultValue, allowedValues, secret,
                    typeFrom, showWhen, fields);
        }
    }
}
