package dev.sessionkit.host.auth;

/**
 * Told how each sign-in ended, for the metrics ({@code sessionkit_sign_ins_total{outcome}}). Called on request
 * threads; implementations are thread-safe and quick.
 */
@FunctionalInterface
public interface SignInObserver {
    /** How a sign-in ended. */
    enum Outcome {
        /** The password was right: a token was issued. */
        SIGNED_IN,
        /** The username or the password was wrong (401). */
        REFUSED,
        /** Too many failures: refused with 429 before the password was checked. */
        THROTTLED
    }

    /** @param outcome how one sign-in ended */
    void record(Outcome outcome);
}
