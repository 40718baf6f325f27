package dev.clauth.core.credentials;

import dev.clauth.core.credentials.helper.HelperKeyCache;
import java.util.Optional;

/**
 * Hands out the helper's key, sent as both {@code x-api-key} and {@code Authorization: Bearer} as the
 * reference sends it. A 401 or a 403 runs the helper again and the request is retried once.
 */
final class ApiKeyHelperProvider implements CredentialProvider {

    private final HelperKeyCache cache;
    private final String command;
    private final String origin;

    ApiKeyHelperProvider(HelperKeyCache cache, String command, String origin) {
        this.cache = cache;
        this.command = command;
        this.origin = origin;
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.API_KEY_HELPER;
    }

    @Override
    public String source() {
        return "apiKeyHelper";
    }

    @Override
    public Credential credential() {
        return key(cache.get());
    }

    @Override
    public Optional<Credential> afterRejection(Credential rejected, int status) {
        if (status != 401 && status != 403) {
            return Optional.empty();
        }
        return Optional.of(key(cache.afterRejection(rejected.secret())));
    }

    @Override
    public String refusedMessage() {
        return "The API refused the key from apiKeyHelper " + command + ", also after running it again;"
                + " check the helper";
    }

    @Override
    public String describe() {
        return "apiKeyHelper " + command + " is configured in " + origin;
    }

    @Override
    public String consequence() {
        return "requests use the key it prints";
    }

    private static Credential key(String value) {
        return new Credential(Credential.Kind.HELPER_KEY, value);
    }
}
