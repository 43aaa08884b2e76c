package dev.sessionkit.host.quota;

/** The {@link AnonymousQuota} contract in one host's memory. */
class LocalAnonymousQuotaTest extends AnonymousQuotaContract {
    @Override
    protected AnonymousQuota newQuota(long sessionsPerMinute, long bytesPerMinute) {
        return new LocalAnonymousQuota(sessionsPerMinute, bytesPerMinute, clock);
    }
}
