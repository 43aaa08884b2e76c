package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.data.JsonNumbers;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.api.session.ParameterUpdate;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The product errors of the session store, in one place so codes, messages and details stay consistent. Messages
 * say what was wrong and how to fix it; no message or detail ever holds a token or a value.
 */
final class StoreErrors {
    private StoreErrors() {
    }

    /** A TOKEN or SHARED session that does not exist, has ended or has expired. */
    static NotFoundException sessionNotFound(SessionRef ref) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scope", ref.scope().name());
        if (ref instanceof SessionRef.Shared shared) {
            details.put("sessionName", shared.name());
            return new NotFoundException("SESSION_NOT_FOUND", "No SHARED session named '" + shared.name()
                    + "' exists in app '" + ref.appId() + "': it was never started, has ended or has expired. Start it"
                    + " with session.start and the name '" + shared.name() + "', or check the name.", details);
        }
        return new NotFoundException("SESSION_NOT_FOUND", "No " + ref.scope().name() + " session of app '"
                + ref.appId() + "' matches this token: check the token (it belongs to one app), or start a new session"
                + " with session.start; the session may have ended or expired (TTL or idle timeout).", details);
    }

    /** {@code start} with the name of a live SHARED session. */
    static ConflictException nameTaken(String appId, String name) {
        return new ConflictException("SESSION_NAME_TAKEN", "A SHARED session named '" + name + "' already exists in app '"
                + appId + "'. Open it with session.open, end it with session.end first, or choose another name.",
                Map.of("sessionName", name));
    }

    /** Compare-and-set with a stale version. */
    static ConflictException versionConflict(long expected, long actual) {
        return ConflictException.versionConflict(expected, actual);
    }

    /** One value larger than {@code maxValueBytes}. */
    static PayloadTooLargeException valueTooLarge(String parameter, long bytes, long limit) {
        return new PayloadTooLargeException("VALUE_TOO_LARGE", "The value of '" + parameter + "' is " + bytes
                + " bytes as JSON; one value may hold at most " + limit + " bytes. Store a smaller value or split it"
                + " into several parameters.", Map.of("parameter", parameter, "bytes", bytes, "limit", limit));
    }

    /** A write that would leave more than {@code maxParametersPerSession} parameters. */
    static InsufficientStorageException sessionFull(int limit, int count) {
        return new InsufficientStorageException("SESSION_FULL", "This write would leave " + count
                + " parameters in the session; a session may hold at most " + limit + ". Delete parameters that are no"
                + " longer needed (session.delete-parameters) or clear the session.",
                Map.of("limit", limit, "count", count));
    }

    /** A write that would leave more bytes in one session than one array holds (about 2 GiB). */
    static InsufficientStorageException sessionTooLarge(long limit, long bytes) {
        return new InsufficientStorageException("SESSION_FULL", "This write would make the session hold " + bytes
                + " bytes; one session holds at most " + limit + ". Delete parameters the flow no longer needs or "
                + "keep large data elsewhere.", Map.of("limit", limit, "bytes", bytes));
    }

    /** A write that would take the store over {@code maxTotalBytes}. */
    static InsufficientStorageException storeFull(long limit, long used, long needed) {
        return new InsufficientStorageException("STORE_FULL", "The session store is full: it holds " + used + " of "
                + limit + " bytes and this write needs " + needed + " more. End or clear sessions that are no longer"
                + " needed, or raise the store's total byte limit.",
                Map.of("limit", limit, "used", used, "needed", needed));
    }

    /** A write to an anonymous session that would take the anonymous sessions over their share of the bytes. */
    static InsufficientStorageException anonymousShareFull(long limit, long used, long needed) {
        return new InsufficientStorageException("ANONYMOUS_SHARE_FULL", "Sessions started without sign-in hold "
                + used + " of the " + limit + " bytes they may hold together, and this write needs " + needed
                + " more. Sign in (the rest of the store is kept for signed-in users), end or clear anonymous "
                + "sessions that are no longer needed, or wait until they expire.",
                Map.of("limit", limit, "used", used, "needed", needed));
    }

    /** {@code startAnonymous} when anonymous sessions hold their share of the store's sessions. */
    static InsufficientStorageException tooManyAnonymousSessions(long limit) {
        return new InsufficientStorageException("TOO_MANY_ANONYMOUS_SESSIONS", "Sessions started without sign-in "
                + "number " + limit + ", as many as they may together, so no new one can start. Sign in (the rest of "
                + "the store is kept for signed-in users), end anonymous sessions that are no longer needed, or wait "
                + "until they expire.", Map.of("limit", limit));
    }

    /** A write or delete of a name every GLOBAL session keeps for its user. */
    static InvalidInputException reservedParameter(String name) {
        return new InvalidInputException("RESERVED_PARAMETER", "'" + name + "' is read-only in a GLOBAL session: "
                + "every GLOBAL session holds the signed-in user's 'username' and 'roleId' from the verified token, "
                + "and no write may change or delete them. Store your own value under another name.",
                Map.of("parameter", name, "scope", "GLOBAL", "reserved", java.util.List.of(
                        HostSessionStore.USERNAME, HostSessionStore.ROLE_ID)));
    }

    static InsufficientStorageException tooManySessions(long limit) {
        return new InsufficientStorageException("TOO_MANY_SESSIONS", "The session store holds its limit of " + limit
                + " live sessions, so no new session can start. End sessions that are no longer needed (or start "
                + "them with a TTL or idle timeout so they end on their own), or raise the store's session limit.",
                Map.of("limit", limit));
    }

    /** A put without values. */
    static InvalidInputException noValues() {
        return new InvalidInputException("NO_PARAMETERS", "Nothing to store: give at least one parameter.");
    }

    /** An empty parameter name. */
    static InvalidInputException emptyName() {
        return new InvalidInputException("INVALID_PARAMETER_NAME",
                "A parameter name is empty: give every parameter a non-empty name.");
    }

    /** A parameter name longer than {@link SessionLimits#MAX_NAME_LENGTH}. */
    static InvalidInputException nameTooLong(int length) {
        int limit = SessionLimits.MAX_NAME_LENGTH;
        return new InvalidInputException("INVALID_PARAMETER_NAME", "A parameter name is " + length + " characters long;"
                + " a name may have at most " + limit + ". Use a shorter name.",
                Map.of("length", length, "limit", limit));
    }

    /** A value node that is not a JSON tree (a POJO wrapper or a missing node). */
    static InvalidInputException notJson(String parameter) {
        return new InvalidInputException("VALUE_NOT_JSON", "The value of '" + parameter + "' is not a JSON value. Store"
                + " JSON (strings, numbers, booleans, null, objects, arrays): convert objects to JSON trees first.",
                Map.of("parameter", parameter));
    }

    /** A value holding a number the host could not write back (too long in plain digits, or not finite). */
    static InvalidInputException numberTooLong(String parameter) {
        return new InvalidInputException("NUMBER_TOO_LONG", "The value of '" + parameter + "' holds a number that "
                + "takes more than " + JsonNumbers.MAX_LENGTH + " characters written out in plain digits, or one "
                + "that is not finite (NaN, infinity), so it could not be answered as JSON. Store fewer digits, or "
                + "the number as a string.", Map.of("parameter", parameter, "limit", JsonNumbers.MAX_LENGTH));
    }

    /** An update of a parameter (or of an object along its path) that holds another type than the update needs. */
    static InvalidInputException wrongParameterType(ParameterUpdate update, int at, JsonNode found) {
        return wrongParameterType(update, at, JsonValues.typeOf(found));
    }

    /**
     * @param update the update
     * @param at     how many names of the update's path lead to the value of the wrong type (0: the parameter)
     * @param actual the type found
     */
    static InvalidInputException wrongParameterType(ParameterUpdate update, int at, String actual) {
        String operation = operationOf(update);
        String expected = update instanceof ParameterUpdate.Increment increment ? increment.type().name()
                : update instanceof ParameterUpdate.Append || update instanceof ParameterUpdate.Remove ? "ARRAY"
                : "OBJECT";
        List<String> path = update instanceof ParameterUpdate.Merge merge ? merge.path()
                : update instanceof ParameterUpdate.Unset unset ? unset.path() : List.of();
        String where = String.join(".", path.subList(0, at));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parameter", update.name());
        details.put("path", where);
        details.put("operation", operation);
        details.put("expected", expected);
        details.put("actual", actual);
        String article = expected.equals("ARRAY") || expected.equals("OBJECT") || expected.equals("INTEGER") ? "an "
                : "a ";
        return new InvalidInputException("WRONG_PARAMETER_TYPE", "Parameter '" + update.name() + "' holds "
                + (where.isEmpty() ? "" : "at '" + where + "' ") + articleOf(actual) + actual + ", but " + operation
                + " needs " + article + expected + " there. Nothing was changed. Store " + article + expected
                + " under that name first (Set Parameters), delete it, or update another parameter"
                + (expected.equals("INTEGER") ? " (a NUMBER increment adds to any number)" : "") + ".", details);
    }

    /** An INTEGER increment whose sum (or whose parameter) lies outside 64 bits. */
    static InvalidInputException integerOverflow(ParameterUpdate.Increment increment) {
        return new InvalidInputException("INTEGER_OVERFLOW", "Adding " + increment.amount().toPlainString() + " to '"
                + increment.name() + "' would leave the range of an INTEGER (" + Long.MIN_VALUE + " to "
                + Long.MAX_VALUE + "), or it holds a whole number outside it. Nothing was changed. Increment it as a "
                + "NUMBER (exact decimals of any size) or reset it with Set Parameters.",
                Map.of("parameter", increment.name(), "operation", "increment", "min", Long.MIN_VALUE,
                        "max", Long.MAX_VALUE));
    }

    /** An update without any operation. */
    static InvalidInputException noUpdates() {
        return new InvalidInputException("NO_PARAMETERS", "Nothing to update: give at least one operation.");
    }

    private static String operationOf(ParameterUpdate update) {
        if (update instanceof ParameterUpdate.Append) return "append";
        if (update instanceof ParameterUpdate.Remove) return "remove";
        if (update instanceof ParameterUpdate.Increment increment) {
            return increment.type() == DataType.INTEGER ? "an INTEGER increment" : "a NUMBER increment";
        }
        if (update instanceof ParameterUpdate.Merge) return "merge";
        return "unset";
    }

    private static String articleOf(String type) {
        return type.equals("NULL") ? "" : type.startsWith("A") || type.startsWith("O") || type.startsWith("I") ? "an "
                : "a ";
    }

    /** A value whose objects and arrays nest deeper than the store accepts. */
    static InvalidInputException valueTooDeep(String parameter, int limit) {
        return new InvalidInputException("VALUE_TOO_DEEP", "The value of '" + parameter + "' nests objects and "
                + "arrays more than " + limit + " levels deep. Store a flatter value, or split it into several "
                + "parameters.", Map.of("parameter", parameter, "limit", limit));
    }

    /**
     * The session files cannot be written because their disk is full.
     *
     * @param directory the sessions folder
     * @return {@code SESSION_DISK_FULL} (507)
     */
    static InsufficientStorageException diskFull(java.nio.file.Path directory) {
        return new InsufficientStorageException("SESSION_DISK_FULL", "The disk holding the session files ("
                + directory + ") is full, so this change was refused rather than acknowledged and then lost. Free "
                + "space on that disk or give the data directory a larger one; writes are accepted again within a "
                + "second once the files can be written.", Map.of("directory", directory.toString()));
    }

    /**
     * The session files cannot be written for another reason than a full disk.
     *
     * @param directory the sessions folder
     * @param reason    what the operating system said
     * @param cause     the failure
     * @return {@code SESSION_STORE_NOT_WRITABLE} (503)
     */
    static ServiceUnavailableException notWritable(java.nio.file.Path directory, String reason, Throwable cause) {
        return new ServiceUnavailableException("SESSION_STORE_NOT_WRITABLE", "The session files in " + directory
                + " cannot be written (" + reason + "), so this change was refused rather than acknowledged and then "
                + "lost. Check that the folder exists, is writable by the host's user and that its disk works; writes "
                + "are accepted again within a second once the files can be written.",
                Map.of("directory", directory.toString(), "reason", reason), cause);
    }

    /**
     * The usage of a store still reading its kept sessions (calls wait for them; a metrics scrape does not).
     *
     * @param mode the persistence mode
     * @return {@code SESSION_STORE_NOT_OPEN} (503)
     */
    static ServiceUnavailableException stillReading(String mode) {
        return new ServiceUnavailableException("SESSION_STORE_NOT_OPEN", "The session store is still reading the "
                + "sessions it keeps on disk (about a second per 100,000 sessions); ask again in a moment.",
                Map.of("persistence", mode), null);
    }

    /**
     * The sessions kept on disk could not be read when the store opened (the host then fails to start; calls made
     * while it was starting get this).
     *
     * @param mode  the persistence mode
     * @param cause the failure
     * @return {@code SESSION_STORE_NOT_OPEN} (503)
     */
    static ServiceUnavailableException filesUnreadable(String mode, Throwable cause) {
        return new ServiceUnavailableException("SESSION_STORE_NOT_OPEN", "The session store could not read the "
                + "sessions it keeps on disk (" + cause.getMessage() + "), so it serves no session calls; the host's "
                + "log says why. Fix the session files or their folder and restart the host.",
                Map.of("persistence", mode), cause);
    }
}
