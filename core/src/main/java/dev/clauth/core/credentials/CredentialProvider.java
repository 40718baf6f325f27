package dev.clauth.core.credentials;

import java.util.Optional;

/**
 * A credential source that is configured and chosen: it hands out the current credential, refreshed or
 * re-run when it goes stale, and may offer another after the API refused one.
 */
public interface CredentialProvider {

    AuthMethod method();

    /** Where the credential comes from, for {@code status}: {@code claude.ai}, {@code ANTHROPIC_API_KEY}, … */
    String source();

    /** The credential to send now. Fails with a one-line {@code ClauthException} when none can be had. */
    Credential credential();

    /**
     * The API answered 401 to {@code rejected}: a different credential to retry with once (after a
     * forced refresh, or one another process stored meanwhile), or empty when there is none.
     */
    default Optional<Credential> afterRejection(Credential rejected) {
        return Optional.empty();
    }
}
