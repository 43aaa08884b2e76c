package dev.sessionkit.host;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generators of malformed and extreme inputs for {@link RouteFuzzTest}, all drawn from one seeded {@link Random}, so
 * a run is repeatable: the same seed gives the same requests. Each generator returns JSON text (or bytes that are
 * not JSON at all); nothing here knows whether the host will accept it.
 *
 * <p>The extremes are the ones that broke the host before: numbers far longer in plain digits than as sent, nesting
 * past the parser's and the writer's limits, paths of thousands of segments, templates that multiply a large
 * message, huge and odd strings, wrong types, and bodies that are not JSON.
 */
final class FuzzInputs {
    /** JSON values that broke the host, for a sweep through requests the host otherwise accepts. */
    static final List<String> EXTREMES = List.of("1e999999999", "1e10000", "-1e1000", "1e-1000", "1e99999999999",
            "1e999", "1" + "0".repeat(1_500), nested(255), nested(256), nested(999), nested(5_000),
            quote("b".repeat(200_000)), quote("{{ message.b }}".repeat(4_000)),
            "[" + "1,".repeat(20_000) + "1]", "{\"a\": {\"b\": " + nested(252) + "}}", quote("\ud800 \u0000"));

    private final Random random;

    /** @param seed the seed: the same one gives the same inputs */
    FuzzInputs(long seed) {
        this.random = new Random(seed);
    }

    /** @return the generator's random source, for choices the test makes itself */
    Random random() {
        return random;
    }

    /** @param choices options @return one of them */
    @SafeVarargs
    final <T> T oneOf(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** @param probability between 0 and 1 @return true that often */
    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    // ------------------------------------------------------------------------------------------------ scalars

    /** @return a JSON number text, often one of the extremes */
    String number() {
        return oneOf("0", "-1", "42", "3.14", "1e999", "1e1000", "1e10000", "1e999999999", "-1e999999999", "1e-1000",
                "1e99999999999", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(1_500),
                "0." + "0".repeat(1_200) + "1", "1.5e308", "4.9e-324", "-0", "1E+3");
    }

    /** @return a Java string, often odd: empty, long, control characters, lone surrogates, dots, braces */
    String text() {
        return switch (random.nextInt(14)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "x".repeat(1 + random.nextInt(100_000));
            case 3 -> "a" + ".a".repeat(random.nextInt(12_000));
            case 4 -> "\u0000\u0001\u001f\u007f";
            case 5 -> "\ud800 lone surrogate";
            case 6 -> "é ü 中文 😀 \u202e";
            case 7 -> "{{ message.b }}".repeat(1 + random.nextInt(4_000));
            case 8 -> "{{ message.";
            case 9 -> "{{ session.global." + "x.".repeat(random.nextInt(3_000)) + "y }}";
            case 10 -> "../../etc/passwd";
            case 11 -> "1e999999999";
            case 12 -> "<script>alert(1)</script>";
            default -> "plain-" + random.nextInt(1_000);
        };
    }

    /** @param text a Java string @return it as a JSON string literal */
    static String quote(String text) {
        return TestHost.quote(text);
    }

    /** @return any JSON value, scalars mostly, sometimes deep or wide */
    String value(int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 10);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> oneOf("true", "false");
            case 2, 3 -> number();
            case 4, 5 -> quote(text());
            case 6 -> object(depth + 1);
            case 7 -> "[" + String.join(",", list(random.nextInt(4), () -> value(depth + 1))) + "]";
            case 8 -> nested(oneOf(10, 255, 256, 300, 999, 1_000, 5_000));
            default -> "[" + String.join(",", list(random.nextInt(20_000), () -> "1")) + "]";
        };
    }

    /**
     * @return one of the values that broke the host: a number far longer in plain digits than as sent, nesting at
     *         and past the limits, a huge string or array, a template bomb's payload
     */
    String extreme() {
        return switch (random.nextInt(9)) {
            case 0, 1, 8 -> oneOf("1e999999999", "1e10000", "-1e1000", "1e-1000", "1e99999999999", "1e999",
                    "1" + "0".repeat(1_500));
            case 2 -> nested(oneOf(250, 255, 256, 257, 300, 999));
            case 3 -> quote("b".repeat(100_000 + random.nextInt(150_000)));
            case 4 -> "[" + String.join(",", list(20_000, () -> "1")) + "]";
            case 5 -> quote("{{ message.b }}".repeat(1 + random.nextInt(4_000)));
            case 6 -> "{\"a\":{\"b\":" + oneOf("1e999999999", nested(253)) + "}}";
            default -> quote(text());
        };
    }

    /** @return a JSON object of random fields */
    String object(int depth) {
        List<String> fields = list(random.nextInt(5), () -> quote(oneOf("a", "b", "", "a.b", "$x", text()))
                + ":" + value(depth + 1));
        return "{" + String.join(",", fields) + "}";
    }

    /** @param levels how many arrays @return a value nested that deep */
    static String nested(int levels) {
        return "[".repeat(levels) + "1" + "]".repeat(levels);
    }

    /** @return bytes that are not a JSON object: broken, truncated, binary, several documents */
    byte[] malformed() {
        String text = switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "{\"a\":}";
            case 3 -> "{\"a\":1}{\"b\":2}";
            case 4 -> "{\"a\":1,\"a\":2}";
            case 5 -> "[1,2,3]";
            case 6 -> "nul";
            case 7 -> "\uFEFF{\"a\":1}";
            case 8 -> "{'a': 1}";
            case 9 -> "{\"a\": NaN, \"b\": Infinity}";
            case 10 -> "{\"a\": " + "{\"a\": ".repeat(2_000);
            default -> null;
        };
        if (text != null) return text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(bytes);
        return bytes;
    }

    // ------------------------------------------------------------------------------------------- route bodies

    /** @return the inputs of a session method, with extremes in every field */
    String methodInputs() {
        List<String> fields = new ArrayList<>();
        if (chance(0.7)) fields.add("\"scope\":" + oneOf("\"LOCAL\"", "\"GLOBAL\"", "\"SHARED\"", "\"TOKEN\"",
                "\"global\"", "\"NOPE\"", "1", "null", "[]"));
        if (chance(0.4)) fields.add("\"sessionName\":" + oneOf("\"settings\"", quote(text()), number()));
        if (chance(0.3)) fields.add("\"token\":" + oneOf(quote(text()), "{}", number()));
        if (chance(0.6)) fields.add("\"parameters\":[" + String.join(",", list(random.nextInt(4), this::row))
                + "]");
        if (chance(0.3)) fields.add("\"names\":" + oneOf("[]", "[" + quote(text()) + "]", "\"x\"", number()));
        if (chance(0.4)) fields.add("\"fields\":[" + String.join(",", list(1 + random.nextInt(3),
                () -> quote(oneOf("a", "a..b", "a" + ".a".repeat(random.nextInt(10_000)), text())))) + "]");
        if (chance(0.3)) fields.add("\"operation\":" + oneOf("\"PUT_DATA\"", "\"GET_DATA\"", "\"DELETE_DATA\"",
                "\"MOVE\"", "0"));
        if (chance(0.3)) fields.add("\"sessionType\":" + oneOf("\"LOCAL\"", "\"GLOBAL\"", "\"X\""));
        if (chance(0.3)) fields.add("\"" + oneOf("ttlSeconds", "idleTimeoutSeconds") + "\":" + number());
        if (chance(0.2)) fields.add("\"" + oneOf("name", "onExpiry", "expectedVersion", "onlyIfAbsent")
                + "\":" + value(2));
        if (chance(0.2)) fields.add(quote(text()) + ":" + value(2));
        return "{" + String.join(",", fields) + "}";
    }

    /** @return one row of Set/Get Parameters */
    private String row() {
        List<String> fields = new ArrayList<>();
        if (chance(0.9)) fields.add("\"name\":" + quote(oneOf("n", "cart", "username", text())));
        if (chance(0.8)) fields.add("\"dataType\":" + oneOf("\"STRING\"", "\"INTEGER\"", "\"NUMBER\"",
                "\"BOOLEAN\"", "\"DATETIME\"", "\"OBJECT\"", "\"ARRAY\"", "\"DATE\"", "1"));
        if (chance(0.4)) fields.add("\"valueType\":" + oneOf("\"STATIC\"", "\"EXPRESSION\"", "\"CODE\""));
        if (chance(0.8)) fields.add("\"value\":" + value(1));
        if (chance(0.1)) fields.add("\"secret\":" + oneOf("true", "\"yes\""));
        return "{" + String.join(",", fields) + "}";
    }

    /**
     * A call the method accepts, but for one extreme spot: a message field, a value, a field path or a template. Such
     * calls get past validation, so the extremes reach the store, the expressions and the answer.
     *
     * @param methodId the method called
     * @return the body, or null for a method without a template here
     */
    String nearlyValidCall(String methodId) {
        String message = "{\"b\":" + extreme() + ",\"items\":[" + value(2) + "]}";
        return switch (methodId) {
            case "session.exists", "session.info", "session.get-username" -> "{\"inputs\":{},\"message\":"
                    + message + "}";
            case "session.set-parameters" -> "{\"inputs\":{\"scope\":" + oneOf("\"LOCAL\"", "\"GLOBAL\"")
                    + ",\"parameters\":[{\"name\":" + quote(oneOf("n", text())) + ",\"dataType\":"
                    + oneOf("\"STRING\"", "\"NUMBER\"", "\"INTEGER\"", "\"OBJECT\"", "\"ARRAY\"")
                    + (chance(0.4) ? ",\"valueType\":\"EXPRESSION\",\"value\":" + quote(oneOf("{{ message.b }}",
                    "{{ message.b }} {{ message.b }}", "{{ message.items }}", text()))
                    : ",\"value\":" + (chance(0.7) ? extreme() : value(1))) + "}]},\"message\":" + message + "}";
            case "session.get-parameters" -> "{\"inputs\":{\"scope\":\"GLOBAL\",\"parameters\":[{\"name\":"
                    + quote(oneOf("cart", text())) + ",\"dataType\":" + oneOf("\"STRING\"", "\"NUMBER\"",
                    "\"DATETIME\"") + "}]}}";
            case "session.manage" -> "{\"inputs\":{\"operation\":" + oneOf("\"PUT_DATA\"", "\"GET_DATA\"")
                    + ",\"sessionType\":" + oneOf("\"LOCAL\"", "\"GLOBAL\"") + ",\"fields\":["
                    + quote(oneOf("b", "cart", "b.c", "a" + ".a".repeat(random.nextInt(40)), text()))
                    + "]},\"message\":" + message + "}";
            case "session.start" -> "{\"inputs\":{\"" + oneOf("ttlSeconds", "idleTimeoutSeconds") + "\":"
                    + number() + "}}";
            default -> null;
        };
    }

    /** @return a message: an object, sometimes with a large field the templates above multiply */
    String message() {
        if (chance(0.3)) return "{\"b\":" + quote("b".repeat(1 + random.nextInt(200_000))) + "}";
        return chance(0.8) ? object(1) : value(1);
    }

    /** @return an app definition with odd ids, triggers, steps, inputs and outputs */
    String app(String id) {
        String step = "{\"id\":" + quote(oneOf("s", "s-1", text())) + ",\"method\":" + quote(oneOf(
                "session.set-parameters", "session.manage", "session.nope", text())) + ",\"input\":"
                + (chance(0.8) ? methodInputs() : value(1))
                + (chance(0.5) ? ",\"output\":{\"target\":" + quote(oneOf("out", "a.b",
                "a" + ".a".repeat(random.nextInt(10_000)), text())) + ",\"name\":" + quote(oneOf("v", text()))
                + ",\"dataType\":" + oneOf("\"OBJECT\"", "\"X\"") + "}" : "") + "}";
        String forEach = "{\"id\":\"each\",\"type\":\"for-each\",\"items\":" + quote(oneOf("{{ message.items }}",
                text())) + ",\"steps\":[" + step + "],\"target\":" + quote(oneOf("results", text())) + "}";
        String trigger = "{\"method\":" + oneOf("\"POST\"", "\"GET\"", "\"TRACE\"", "1") + ",\"path\":"
                + quote(oneOf("/x", "/{id}", "x", "/" + "a/".repeat(random.nextInt(3_000)), text()))
                + ",\"auth\":" + oneOf("\"NONE\"", "\"JWT\"", "\"BASIC\"")
                + (chance(0.3) ? ",\"contentTypes\":" + oneOf("[\"*/*\"]", "[\"text/plain\"]", "[]", "[1]",
                "\"text/plain\"") : "") + "}";
        String flow = "{\"id\":" + quote(oneOf("f", text())) + ",\"trigger\":" + trigger + ",\"steps\":["
                + (chance(0.5) ? step : forEach) + "]"
                + (chance(0.3) ? ",\"" + oneOf("timeoutSeconds", "maxBodyBytes") + "\":" + number() : "") + "}";
        return "{\"id\":" + quote(id) + (chance(0.5) ? ",\"name\":" + quote(text()) : "")
                + (chance(0.3) ? ",\"sessionIdleTimeoutSeconds\":" + number() : "")
                + (chance(0.3) ? ",\"version\":" + number() : "")
                + ",\"flows\":" + (chance(0.9) ? "[" + flow + "]" : value(1)) + "}";
    }

    private static List<String> list(int size, Supplier<String> element) {
        List<String> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) list.add(element.get());
        return list;
    }
}
