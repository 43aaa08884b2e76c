package dev.sessionkit.host.quota;

/**
 * How much callers without a signed-in user may do per client address and per minute: the sessions they start and
 * the bytes they write to TOKEN and SHARED sessions ({@link Allowance}). Signed-in callers are never counted. The
 * host's session view ({@code AppSessionStore}) takes from the quota before it starts a session or writes, so a
 * refused call changes nothing.
 *
 * <p>{@link LocalAnonymousQuota} keeps the quota in this host's memory (Bucket4j token buckets): right for one host.
 * {@link RedisAnonymousQuota} keeps the same buckets in Redis (cluster mode), so a client spread over N hosts by a
 * load balancer gets one quota, not N. Both pass {@code AnonymousQuotaContract}; {@code SessionkitHost} chooses one at
 * boot.
 *
 * <p>Contract: a take is atomic (also between hosts sharing the quota); what one host takes counts on every host when
 * the call returns; buckets refill by the host's clock. A quota kept in Redis throws
 * {@link dev.sessionkit.api.error.ServiceUnavailableException} {@code SHARED_STATE_UNAVAILABLE} (503) while Redis
 * cannot be reached, within about a second, never hangs (the write is then not done). {@code client} and
 * {@code allowance} are never null.
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
