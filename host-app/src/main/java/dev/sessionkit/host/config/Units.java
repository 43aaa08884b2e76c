package dev.sessionkit.host.config;

import dev.sessionkit.host.auth.FailureLimit;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the values of settings: whole numbers, durations and byte sizes.
 *
 * <ul>
 *   <li>Durations: a number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 30m},
 *       {@code 8h}, {@code 90s}), or ISO-8601 ({@code PT30M}). Must be positive.</li>
 *   <li>Failure limits: a number of failures, a slash and a duration ({@code 5/15m}): that many at once, then one
 *       more each {@code duration / failures}.</li>
 *   <li>Shares: a fraction ({@code 0.5}) or a percentage ({@code 50%}), more than 0 and at most 1.</li>
 *   <li>Sizes: a number of bytes with an optional unit, {@code B}, {@code KB}, {@code MB}, {@code GB}, each a power of
 *       1024 ({@code KiB}, {@code MiB}, {@code GiB} are accepted too): {@code 64KB} is 65,536 bytes. Must be
 *       positive.</li>
 * </ul>
 * Parse errors are {@link IllegalArgumentException}s whose message says what is accepted. Stateless.
 */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Units() {
    }

    /**
     * @param text a duration such as {@code 30m}
     * @return the duration, positive
     * @throws IllegalArgumentException when it does not parse or is not positive
     */
    public static Duration duration(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Duration duration;
        Matcher matcher = DURATION.matcher(trimmed);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration; write a number and a unit (ms, s, m, h, d) such "
                        + "as 30m or 8h, or ISO-8601 such as PT30M");
            }
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("the duration must be positive");
        }
        return duration;
    }

    /**
     * @param text a size such as {@code 1MB} or {@code 65536}
     * @return the number of bytes, positive
     * @throws IllegalArgumentException when it does not parse or is not positive
     */
    public static long bytes(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size; write a number of bytes with an optional unit B, KB, MB "
                    + "or GB (powers of 1024), such as 1MB or 65536");
        }
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        long amount = Long.parseLong(matcher.group(1));
        if (amount == 0) {
            throw new IllegalArgumentException("the size must be positive");
        }
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("the size is too large");
        }
        return amount << shift;
    }

    /**
     * @param text a whole number
     * @param min  the smallest value accepted
     * @param max  the largest value accepted
     * @return the number
     * @throws IllegalArgumentException when it does not parse or is out of range
     */
    public static int integer(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * @param text a failure limit such as {@code 5/15m}
     * @return the limit
     * @throws IllegalArgumentException when it does not parse or the number is not between 1 and 1,000,000
     */
    public static FailureLimit failureLimit(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a failure limit; write a number of failures, a slash and a "
                    + "duration, such as 5/15m");
        }
        return new FailureLimit(integer(text.substring(0, slash), 1, 1_000_000), duration(text.substring(slash + 1)));
    }

    /** @param limit a failure limit @return its text, such as {@code 5/15m} */
    public static String format(FailureLimit limit) {
        return limit.failures() + "/" + format(limit.period());
    }

    /**
     * @param text header names separated by commas ({@code X-Api-Key, X-Secret}); blank for none
     * @return the names in lower case
     * @throws IllegalArgumentException when one is not a header name
     */
    public static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) continue;
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a header name; give names separated by "
                        + "commas, such as X-Api-Key,X-Secret");
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(names);
    }

    /**
     * @param text a share of a whole: a fraction such as {@code 0.5}, or a percentage such as {@code 50%}
     * @return the fraction, greater than 0 and at most 1
     * @throws IllegalArgumentException when it does not parse or is out of range
     */
    public static double share(String text) {
        String trimmed = text.trim();
        boolean percent = trimmed.endsWith("%");
        double value;
        try {
            value = Double.parseDouble(percent ? trimmed.substring(0, trimmed.length() - 1).trim() : trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a share; write a fraction such as 0.5 or a percentage such as 50%");
        }
        if (percent) value /= 100;
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("the share must be more than 0 and at most 1 (100%)");
        }
        return value;
    }

    /** @param share a fraction @return it as a percentage ({@code 50%}) */
    public static String formatShare(double share) {
        double percent = share * 100;
        return (percent == Math.rint(percent) ? Long.toString(Math.round(percent)) : Double.toString(percent)) + "%";
    }

    /**
     * Prints a duration in the short form {@link #duration} reads ({@code 30m}, {@code 8h}).
     *
     * @param duration a duration
     * @return its text
     */
    public static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) return duration.toMillis() + "ms";
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) return seconds / 86_400 + "d";
        if (seconds % 3_600 == 0) return seconds / 3_600 + "h";
        if (seconds % 60 == 0) return seconds / 60 + "m";
        return seconds + "s";
    }

    /**
     * Prints a size in the short form {@link #bytes} reads ({@code 64KB}, {@code 1MB}).
     *
     * @param bytes a size
     * @return its text
     */
    public static String formatBytes(long bytes) {
        if (bytes % (1L << 30) == 0) return (bytes >> 30) + "GB";
        if (bytes % (1L << 20) == 0) return (bytes >> 20) + "MB";
        if (bytes % (1L << 10) == 0) return (bytes >> 10) + "KB";
        return bytes + "B";
    }
}
