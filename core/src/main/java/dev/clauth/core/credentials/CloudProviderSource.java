package dev.clauth.core.credentials;

import dev.clauth.core.world.World;
import java.util.Locale;
import java.util.Set;

/**
 * The cloud provider switch: {@code CLAUDE_CODE_USE_BEDROCK}, then {@code CLAUDE_CODE_USE_FOUNDRY}, then
 * {@code CLAUDE_CODE_USE_VERTEX}. When one is set the requests go to that provider through the SDK's
 * backend with the provider's own credentials, and nothing of the Anthropic login is used or sent.
 */
public final class CloudProviderSource implements CredentialSource {

    private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");

    private final World world;
    private final CloudCredentials credentials;

    public CloudProviderSource(World world, CloudCredentials credentials) {
        this.world = world;
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "cloud provider";
    }

    @Override
    public Detection detect() {
        for (CloudProvider provider : CloudProvider.values()) {
            if (isSet(world, provider.variable())) {
                return new Detection.Found(new CloudProviderProvider(provider, world, credentials));
            }
        }
        return new Detection.Absent("no CLAUDE_CODE_USE_BEDROCK, CLAUDE_CODE_USE_FOUNDRY or CLAUDE_CODE_USE_VERTEX");
    }

    /** A switch is on when set to {@code 1}, {@code true}, {@code yes} or {@code on}. */
    static boolean isSet(World world, String variable) {
        return world.env(variable).map(v -> TRUE.contains(v.strip().toLowerCase(Locale.ROOT))).orElse(false);
    }
}
