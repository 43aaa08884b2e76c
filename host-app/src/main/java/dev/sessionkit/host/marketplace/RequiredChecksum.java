package dev.sessionkit.host.marketplace;

import java.io.IOException;
import java.nio.file.Path;
import org.pf4j.update.FileVerifier;
import org.pf4j.update.VerifyException;
import org.pf4j.update.verifier.Sha512SumVerifier;

/**
 * pf4j-update's SHA-512 check, made mandatory: pf4j-update's own {@link Sha512SumVerifier} skips a release without a
 * {@code sha512sum}, so a repository could serve anything; this verifier refuses such a release before delegating.
 *
 * <p>Stateless; thread-safe.
 */
final class RequiredChecksum implements FileVerifier {
    private final Sha512SumVerifier checksum = new Sha512SumVerifier();

    @Override
    public void verify(Context context, Path file) throws IOException, VerifyException {
        if (context.sha512sum == null || context.sha512sum.isBlank()) {
            throw new VerifyException("Release {} of plugin {} has no sha512sum in its repository's plugins.json",
                    context.version, context.id);
        }
        checksum.verify(context, file);
    }
}
