package dev.sessionkit.api.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A method as data: what the web UI renders its palette entry, help and forms from, and what the host validates
 * calls against. No form for a method is written by hand.
 *
 * <p>The help follows three sections, as a node's help does in Node-RED: <em>Inputs</em> (each
 * {@link InputDescriptor#help()}), <em>Outputs</em> ({@link OutputDescriptor#help()}) and <em>Details</em>
 * ({@link #details()}).
 *
 * @param id           the stable id, {@code <plugin prefix>.<name>} in lower case with dashes
 *                     ({@code session.set-parameters}); part of the contract, never renamed
 * @param name         the display name ({@code Set Parameters})
 * @param description  one sentence for the palette
 * @param details      the longer Details section (plain text or Markdown), may be empty
 * @param requiresUser whether a call without a signed-in user is refused with 401
 * @param inputs       the inputs, in display order; ids unique
 * @param output       the output
 * @param example      an example direct call body ({@code {"inputs": ..., "message": ...}}), or null
 */
public record MethodDescriptor(String id, String name, String description, String details, boolean requiresUser,
                               List<InputDescriptor> inputs, OutputDescriptor output, JsonNode example) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    /** Validates the components and makes the collections unmodifiable. */
    public MethodDescriptor {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("method id '" + id + "' must look like 'plugin.method-name'");
        }
        name = name == null ? id : name;
        description = description == null ? "" : description;
        details = details == null ? "" : details;
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        Objects.requireNonNull(output, "output");
        Set<String> seen = new HashSet<>();
        for (InputDescriptor input : inputs) {
            if (!seen.add(input.id())) {
                throw new IllegalArgumentException("method '" + id + "' declares input '" + input.id() + "' twice");
            }
        }
    }

    /**
     * The input with the given id.
     *
     * @param inputId an input id
     * @return the input, or empty
     */
    public Optional<InputDescriptor> input(String inputId) {
        return inputs.stream().filter(input -> input.id().equals(inputId)).findFirst();
    }

    /**
     * Starts a descriptor.
     *
     * @param id the stable method id
     * @return a builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds a {@link MethodDescriptor}. Not thread-safe; the built descriptor is immutable. */
    public static final class Builder {
        private final String id;
        private String name;
        private String description = "";
        private String details = "";
        private boolean requiresUser;
        private final List<InputDescriptor> inputs = new ArrayList<>();
        private OutputDescriptor output;
        private JsonNode example;

        private Builder(String id) {
            this.id = id;
        }

        /** @param name display name @return this */
        public Builder name(String name) { this.name = name; return this; }

        /** @param description one sentence @return this */
        public Builder description(String description) { this.description = description; return this; }

        /** @param details the Details help section @return this */
        public Builder details(String details) { this.details = details; return this; }

        /** Calls without a signed-in user are refused with 401. @return this */
        public Builder requiresUser() { this.requiresUser = true; return this; }

        /** @param input an input, appended @return this */
        public Builder input(InputDescriptor input) { this.inputs.add(input); return this; }

        /** @param inputs inputs, appended in order @return this */
        public Builder inputs(List<InputDescriptor> inputs) { this.inputs.addAll(inputs); return this; }

        /** @param output the output @return this */
        public Builder output(OutputDescriptor output) { this.output = output; return this; }

        /** @param example an example call body @return this */
        public Builder example(JsonNode example) { this.example = example; return this; }

        /** @return the descriptor */
        public MethodDescriptor build() {
            return new MethodDescriptor(id, name, description, details, requiresUser, inputs, output, example);
        }
    }
}
