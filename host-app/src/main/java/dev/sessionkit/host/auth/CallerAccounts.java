package dev.sessionkit.host.auth;

import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.accounts.SignedIn;
import dev.sessionkit.api.accounts.SignedOut;
import dev.sessionkit.api.error.UnauthorizedException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link Accounts} host service as one method call's caller uses it: {@link HostAccounts} with the call's user,
 * token and client address filled in, so a plugin can neither act for someone else nor dodge the throttle's
 * per-address budgets. Immutable and thread-safe; made per call by {@link HostAccounts#forCall}.
 */
final class CallerAccounts implements Accounts {
    private final HostAccounts host;
    private final Optional<UserIdentity> user;
    private final Optional<Caller> token;
    private final String address;
    private final Consumer<UserIdentity> signedIn;

    CallerAccounts(HostAccounts host, Optional<UserIdentity> user, Optional<Caller> token, String address,
                   Consumer<UserIdentity> signedIn) {
        this.host = host;
        this.signedIn = Objects.requireNonNull(signedIn, "signedIn");
        this.user = Objects.requireNonNull(user, "user");
        this.token = Objects.requireNonNull(token, "token");
        this.address = Objects.requireNonNull(address, "address");
    }

    @Override
    public SignedIn signIn(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        SignedIn result = host.signIn(username, password, address);
        signedIn.accept(result.user());
        return result;
    }

    @Override
    public UserIdentity signUp(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return host.signUp(username, password, address);
    }

    @Override
    public UserIdentity changePassword(String currentPassword, String newPassword) {
        Objects.requireNonNull(currentPassword, "currentPassword");
        Objects.requireNonNull(newPassword, "newPassword");
        return host.changePassword(signedIn(), currentPassword, newPassword, address);
    }

    @Override
    public SignedOut signOut() {
        return host.signOut(signedIn(), token);
    }

    private UserIdentity signedIn() {
        return user.orElseThrow(() -> new UnauthorizedException("AUTHENTICATION_REQUIRED", "This needs a signed-in "
                + "user: send 'Authorization: Bearer <token>' from POST /api/auth/login (or a flow's Sign In)."));
    }
}
