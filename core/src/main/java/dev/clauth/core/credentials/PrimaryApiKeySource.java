package dev.clauth.core.credentials;

import dev.clauth.core.store.GlobalConfig;

/** The API key a {@code clauth auth login --console} created and stored as {@code primaryApiKey}. */
public final class PrimaryApiKeySource implements CredentialSource {

    public static final String SOURCE = "/login managed key";

    private final GlobalConfig globalConfig;

    public PrimaryApiKeySource(GlobalConfig globalConfig) {
        this.globalConfig = globalConfig;
    }

    @Override
    public String name() {
        return "Console login key";
    }

    @Override
    public String noun() {
        return "the API key from your Console login";
    }

    @Override
    public Detection detect() {
        return globalConfig.primaryApiKey().<Detection>map(key -> new Detection.Found(new StaticProvider(
                AuthMethod.API_KEY, SOURCE, Credential.Kind.API_KEY, key,
                new Credential.Origin("The primaryApiKey in " + globalConfig.path(),
                        "run clauth auth login --console to store a new one"),
                "your Console login stored an API key", "requests are billed to that key")))
                .orElseGet(() -> new Detection.Absent("none in " + globalConfig.path()));
    }
}
