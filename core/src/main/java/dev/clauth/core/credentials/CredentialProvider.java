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

    /**
     * The API answered {@code status} (401 or 403) to {@code rejected}: a credential to retry with once.
     * By default only a 401 is worth a retry.
     */
    default Optional<Credential> afterRejection(Credential rejected, int status) {
        return status == 401 ? afterRejection(rejected) : Optional.empty();
    }

    /** The one line for a request the API still refuses with 401. */
    default String refusedMessage() {
        return Resolution.NOT_LOGGED_IN;
    }

    /** {@code firstParty}, or the cloud provider ({@code bedrock}, {@code vertex}, {@code foundry}). */
    default String apiProvider() {
        return "firstParty";
    }

    /** When the credential now handed out expires, if it is known (a login's access token). */
    default Optional<java.time.Instant> expiresAt() {
        return Optional.empty();
    }

    /** The credential's last four characters when it is known without running anything, for status. */
    default Optional<String> hint() {
        return Optional.empty();
    }

    /** What this is, as a sentence start: {@code ANTHROPIC_API_KEY is set}. */
    default String describe() {
        return "the " + source() + " login is present";
    }

    /** What using it means: {@code requests are billed to that key}. */
    default String consequence() {
        return "requests use it";
    }
}
