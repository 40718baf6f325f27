package dev.clauth.core.credentials;

import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.world.World;

/**
 * {@code ANTHROPIC_API_KEY}, sent as {@code x-api-key}. Outside the interactive prompt ({@code -p},
 * {@code auth status}, a Java program) it is always used; in the prompt only once the user approved it,
 * which is remembered by its last 20 characters in {@code customApiKeyResponses}.
 */
public final class ApiKeySource extends EnvironmentSource {

    public static final String VARIABLE = "ANTHROPIC_API_KEY";

    private final GlobalConfig globalConfig;
    private final boolean interactive;

    public ApiKeySource(World world, GlobalConfig globalConfig, boolean interactive) {
        super(world, VARIABLE);
        this.globalConfig = globalConfig;
        this.interactive = interactive;
    }

    @Override
    public Detection detect() {
        var key = value();
        if (key.isEmpty()) {
            return notSet();
        }
        if (interactive) {
            switch (globalConfig.keyResponse(key.get())) {
                case REJECTED -> {
                    return new Detection.Ignored(VARIABLE, VARIABLE + " is set but you declined it;"
                            + " turn on \"Use custom API key\" in /config to use it");
                }
                case NOT_ASKED -> {
                    return new Detection.Ignored(VARIABLE, VARIABLE + " is set but not approved yet");
                }
                case APPROVED -> {
                    // used below
                }
            }
        }
        return new Detection.Found(StaticProvider.fromEnvironment(AuthMethod.API_KEY, VARIABLE,
                Credential.Kind.API_KEY, key.get(), "requests are billed to that key"));
    }
}
