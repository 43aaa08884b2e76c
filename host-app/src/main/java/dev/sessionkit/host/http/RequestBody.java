package dev.sessionkit.host.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.JsonNumbers;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A request body that must be one JSON object, with typed access to its fields and 400s that name the field.
 *
 * <p>Reading applies the host's request size limit ({@link #LIMIT}, 413 {@code REQUEST_TOO_LARGE}). Malformed JSON
 * is {@code 400 INVALID_JSON} (the parser's message is not echoed: it may quote a secret); a number over the length
 * limit ({@link dev.sessionkit.host.json.Json}) is {@code 400 NUMBER_TOO_LONG}; a body that is not an object is
 * {@code 400 INVALID_BODY}; a wrong or missing field is {@code 400 INVALID_INPUT} with {@code details.field}.
 *
 * <p>Confined to the request's thread.
 */
public final class RequestBody {
    /** The host's request body limit in bytes, registered once with {@code cfg.appData(RequestBody.LIMIT, bytes)}. */
    public static final Key<Long> LIMIT = new Key<>("sessionkit.requestBodyLimit");

    /** The largest array the JVM allocates for sure. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final ObjectNode json;

    private RequestBody(ObjectNode json) {
        this.json = json;
    }

    /**
     * Reads the body of a request.
     *
     * @param ctx          the request
     * @param mapper       the host's mapper
     * @param emptyAllowed whether an empty body counts as {@code {}}
     * @return the body
     * @throws InvalidInputException codes {@code INVALID_JSON} or {@code INVALID_BODY}
     */
    public static RequestBody read(Context ctx, ObjectMapper mapper, boolean emptyAllowed) {
        long limit = ctx.appData(LIMIT);
        return parse(bytes(ctx, limit, () -> tooLarge(limit)), mapper, emptyAllowed);
    }

    /**
     * Reads a request's body, at most {@code limit} bytes. With a {@code Content-Length}, into one array of that size
     * (the server refuses a body longer than it declared); without one, up to one byte past the limit, to tell
     * "too large".
     *
     * @param ctx      the request
     * @param limit    the largest body accepted, in bytes
     * @param tooLarge the exception for a larger body
     * @return the body, empty when there is none
     * @throws InvalidInputException code {@code INVALID_BODY} when the body cannot be read completely
     */
    public static byte[] bytes(Context ctx, long limit, Supplier<? extends RuntimeException> tooLarge) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit || declared > MAX_ARRAY) {
            throw tooLarge.get(); // read into one array: more than an array holds is too large, whatever the limit
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = declared >= 0 ? in.readNBytes((int) declared)
                    : in.readNBytes((int) Math.min(MAX_ARRAY, limit + 1));
        } catch (IOException e) {
            throw new InvalidInputException("INVALID_BODY", "The request body could not be read completely; send it "
                    + "again.");
        }
        if (bytes.length > limit || (declared < 0 && bytes.length == MAX_ARRAY)) {
            throw tooLarge.get();
        }
        // All of it: the declared length (Jetty refuses more), or less than asked for, which means its end was reached.
        UnreadBody.readToEnd(ctx);
        return bytes;
    }

    /**
     * @param message the parser's own message
     * @return the name a "duplicate field" message names (at most 100 characters of it), or null for other messages
     */
    private static String repeatedName(String message) {
        String prefix = "Duplicate field '";
        if (message == null || !message.startsWith(prefix) || !message.endsWith("'")
                || message.length() < prefix.length() + 1) {
            return null;
        }
        String name = message.substring(prefix.length(), message.length() - 1);
        return name.length() > 100 ? name.substring(0, 100) + "…" : name;
    }

    /**
     * @param limit the host's request body limit in bytes
     * @return the 413 {@code REQUEST_TOO_LARGE} for a body over it
     */
    public static PayloadTooLargeException tooLarge(long limit) {
        return new PayloadTooLargeException("REQUEST_TOO_LARGE", "The request body is larger than the limit of "
                + limit + " bytes. Send less, or raise the host's max-request-size setting.", Map.of("limit", limit));
    }

    /**
     * Parses a body already read (a flow trigger reads its body itself, under the flow's own size limit).
     *
     * @param bytes        the body
     * @param mapper       the host's mapper
     * @param emptyAllowed whether an empty body counts as {@code {}}
     * @return the body
     * @throws InvalidInputException codes {@code INVALID_JSON}, {@code NUMBER_TOO_LONG} or {@code INVALID_BODY}
     */
    public static RequestBody parse(byte[] bytes, ObjectMapper mapper, boolean emptyAllowed) {
        if (bytes.length == 0 || isBlank(bytes)) {
            if (emptyAllowed) {
                return new RequestBody(mapper.createObjectNode());
            }
            throw new InvalidInputException("INVALID_BODY", "The request body is empty; send a JSON object.");
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException("INVALID_JSON", "The request body breaks a JSON limit: "
                    + e.getOriginalMessage() + ". Send a flatter or smaller JSON object.",
                    Map.of("limit", e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String repeated = repeatedName(e.getOriginalMessage());
            if (repeated != null && at != null) {
                throw new InvalidInputException("INVALID_JSON", "The request body gives the name '" + repeated
                        + "' twice in one object (line " + at.getLineNr() + ", column " + at.getColumnNr() + "). "
                        + "Give each name once.",
                        Map.of("line", at.getLineNr(), "column", at.getColumnNr(), "repeated", repeated));
            }
            if (at == null) {
                throw new InvalidInputException("INVALID_JSON", "The request body is not valid JSON ("
                        + e.getOriginalMessage() + "). Send one JSON object with double-quoted names and strings.");
            }
            throw new InvalidInputException("INVALID_JSON", "The request body is not valid JSON (line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + "). Send one JSON "
                    + "object with double-quoted names and strings, and no trailing text.",
                    Map.of("line", at.getLineNr(), "column", at.getColumnNr()));
        } catch (IOException e) {
            throw new InvalidInputException("INVALID_JSON", "The request body could not be read as JSON.");
        } catch (NumberFormatException e) {
            // A number whose exponent does not even fit the parser (1e99999999999): far over the length limit.
            throw new InvalidInputException("NUMBER_TOO_LONG", "A number in the request body is too long: its "
                    + "exponent is out of range, and a number may take at most " + JsonNumbers.MAX_LENGTH
                    + " characters written out in plain digits. Send fewer digits, or the value as a string.",
                    Map.of("limit", JsonNumbers.MAX_LENGTH));
        }
        if (!node.isObject()) {
            throw new InvalidInputException("INVALID_BODY", "The request body must be a JSON object, not "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return new RequestBody((ObjectNode) node);
    }

    /** @return the whole body (the object itself, not a copy) */
    public ObjectNode json() {
        return json;
    }

    /**
     * @param field a field name
     * @return its boolean value, or empty when absent or null
     * @throws InvalidInputException code {@code INVALID_INPUT} when it is present but not a boolean
     */
    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isBoolean()) throw invalid(field, "'" + field + "' must be true or false.");
        return Optional.of(value.booleanValue());
    }

    /**
     * Refuses fields other than {@code allowed}, so a typo is reported instead of ignored.
     *
     * @param allowed the fields this request accepts
     * @return this
     * @throws InvalidInputException code {@code UNKNOWN_FIELD}
     */
    public RequestBody allowOnly(String... allowed) {
        List<String> known = List.of(allowed);
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidInputException("UNKNOWN_FIELD", "'" + name + "' is not a field of this request. "
                        + "Known fields: " + String.join(", ", known) + ".", Map.of("field", name, "known", known));
            }
        }
        return this;
    }

    /**
     * @param field a field name
     * @return its string value
     * @throws InvalidInputException code {@code INVALID_INPUT} when it is missing or not a string
     */
    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> invalid(field, "'" + field + "' is required (a string)."));
    }

    /**
     * @param field a field name
     * @return its string value, or empty when absent or null
     * @throws InvalidInputException code {@code INVALID_INPUT} when it is present but not a string
     */
    public Optional<String> optionalString(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isTextual()) throw invalid(field, "'" + field + "' must be a string.");
        return Optional.of(value.textValue());
    }

    /**
     * @param field a field name
     * @return its whole-number value, or empty when absent or null
     * @throws InvalidInputException code {@code INVALID_INPUT} when it is present but not a whole number
     */
    public Optional<Long> optionalLong(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field, "'" + field + "' must be a whole number.");
        }
        return Optional.of(value.longValue());
    }

    /**
     * @param field a field name
     * @return its value, or empty when absent or null
     */
    public Optional<JsonNode> optional(String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static InvalidInputException invalid(String field, String message) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", field);
        return new InvalidInputException("INVALID_INPUT", message, details);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        }
        return true;
    }
}
