package dev.sessionkit.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/**
 * One array for every session that holds the same short list of parameter names in the same order (every GLOBAL
 * session of an app holds {@code username}, {@code roleId} and usually the same few names its flows set): a
 * session's {@link Parameters} keep a reference instead of their own array and strings (docs/performance.md, Memory).
 *
 * <p>Only lists of at most {@value #MAX_NAMES} names of at most {@value #MAX_NAME_CHARS} characters are shared, and at
 * most {@value #MAX_LISTS} lists are remembered (the least used are forgotten; the sessions holding them keep their
 * arrays), so what callers choose as names cannot grow this beyond a few megabytes. The arrays handed out are never
 * modified. Thread-safe.
 */
final class NameLists {
    static final int MAX_NAMES = 8;
    static final int MAX_NAME_CHARS = 64;
    static final int MAX_LISTS = 4_096;

    private static final Cache<Key, String[]> LISTS = Caffeine.newBuilder()
            .maximumSize(MAX_LISTS)
            .executor(Runnable::run)
            .build();

    private NameLists() {
    }

    /**
     * @param names a list of names that the caller no longer modifies
     * @return the shared array holding the same names in the same order, or {@code names} itself (then shared from
     *         now on, when it is short enough)
     */
    static String[] shared(String[] names) {
        if (names.length == 0 || names.length > MAX_NAMES) return names;
        for (String name : names) {
            if (name.length() > MAX_NAME_CHARS) return names;
        }
        String[] held = LISTS.asMap().putIfAbsent(new Key(names), names);
        return held == null ? names : held;
    }

    /** A list of names compared by content. */
    private static final class Key {
        private final String[] names;
        private final int hash;

        Key(String[] names) {
            this.names = names;
            this.hash = Arrays.hashCode(names);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && Arrays.equals(key.names, names);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
