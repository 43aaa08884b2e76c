package dev.sessionkit.host.quota;

/**
 * How much callers without a signed-in user may do per client address and per minute: the sessions they start and
 * the bytes they write to TOKEN and SHARED sessions ({@link Allowance}). Signed-in callers are never counted. The
 * host's session view ({@code AppSessionStore}) takes from the quota before it starts a session or writes, so a
 * refused call changes nothing.
 *
 * <p>{@link LocalAnonymousQuota} keeps the quota in this host's memory (Bucket4j token buckets): behind a load
 * balancer each host then counts its own share, so a client may do up to N times the limit across N hosts. To share
 * one quota among hosts, an implementation can keep the same buckets in Redis (Bucket4j's {@code ProxyManager} for
 * Lettuce, keyed by {@code <allowance>:<client>}) and replace it in {@code SessionkitHost}: nothing else changes.
 *
 * <p>Implementations are thread-safe and must answer quickly: they sit on the request path of anonymous writes.
 */
public interface AnonymousQuota {

    /**
     * Takes {@code amount} from a client's allowance, or refuses and takes nothing.
     *
     * @param client    the client's address ({@code dev.sessionkit.host.http.ClientAddress}); implementations may
     *                  group addresses (IPv6 by /64 network)
     * @param allowance what is taken
     * @param amount    how much, positive
     * @throws dev.sessionkit.api.error.TooManyRequestsException code {@code ANONYMOUS_QUOTA_EXCEEDED} (429, with
     *                                                           {@code Retry-After}) when the client has not that
     *                                                           much left this minute
     * @throws dev.sessionkit.api.error.PayloadTooLargeException code {@code ANONYMOUS_WRITE_TOO_LARGE} when
     *                                                           {@code amount} is more than a whole minute's
     *                                                           allowance (it could never be granted)
     */
    void take(String client, Allowance allowance, long amount);
}
