package dev.clauth.core.credentials;

import dev.clauth.core.credentials.helper.HelperKeyCache;
import java.util.Optional;

/**
 * Hands out the helper's key, sent as both {@code x-api-key} and {@code Authorization: Bearer} as the
 * reference sends it. A 401 or a 403 runs the helper again and the request is retried once.
 */
final class ApiKeyHelperProvider implements CredentialProvider {

    private final HelperKeyCache cache;
    /** As {@code HelperRunner#displayName} says it: its program and the settings file it came from. */
    private final String name;
    private final Credential.Origin origin;

    ApiKeyHelperProvider(HelperKeyCache cache, String name) {
        this.cache = cache;
        this.name = name;
        this.origin = new Credential.Origin("The key apiKeyHelper " + name + " printed",
                "check the helper: it must print only the key");
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
        return "The API refused the key from apiKeyHelper " + name + ", also after running it again;"
                + " check the helper";
    }

    @Override
    public String describe() {
        return "apiKeyHelper " + name + " is configured";
    }

    @Override
    public String consequence() {
        return "requests use the key it prints";
    }

    private Credential key(String value) {
        return Credential.read(Credential.Kind.HELPER_KEY, value, origin);
    }
}
