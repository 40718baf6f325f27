package dev.clauth.core.credentials;

import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.world.World;
import java.util.Optional;

/**
 * {@code ANTHROPIC_API_KEY}, sent as {@code x-api-key}. Outside the interactive prompt ({@code -p},
 * {@code auth status}, a Java program) it is always used; in the prompt only once the user approved it,
 * as {@link CustomApiKeyApproval} says.
 */
public final class ApiKeySource extends EnvironmentSource {

    public static final String VARIABLE = "ANTHROPIC_API_KEY";

    private final CustomApiKeyApproval approval;
    private final boolean interactive;

    public ApiKeySource(World world, GlobalConfig globalConfig, boolean interactive) {
        super(world, VARIABLE);
        this.approval = new CustomApiKeyApproval(world, globalConfig);
        this.interactive = interactive;
    }

    @Override
    public Detection detect() {
        var key = value();
        if (key.isEmpty()) {
            return notSet();
        }
        if (interactive) {
            Optional<Detection> refused = approval.refusal(key.get());
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        return new Detection.Found(StaticProvider.fromEnvironment(AuthMethod.API_KEY, VARIABLE,
                Credential.Kind.API_KEY, key.get(), "requests are billed to that key"));
    }
}
