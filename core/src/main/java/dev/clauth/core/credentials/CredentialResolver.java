package dev.clauth.core.credentials;

import dev.clauth.core.config.ConfigPaths;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.settings.SettingsFiles;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.world.World;
import java.util.List;
import java.util.function.Consumer;

/**
 * The documented precedence, first match wins: a gateway sign-in (where the reference puts it, before
 * everything else) → cloud provider switch → {@code ANTHROPIC_AUTH_TOKEN} →
 * {@code ANTHROPIC_API_KEY} → {@code apiKeyHelper} → {@code CLAUDE_CODE_OAUTH_TOKEN} → the stored login
 * (or the key a Console login stored). Each is one {@link CredentialSource}. With {@code --bare} only
 * {@code ANTHROPIC_AUTH_TOKEN}, {@code ANTHROPIC_API_KEY} and an {@code apiKeyHelper} from
 * {@code --settings} count; the others are reported as left out.
 */
public final class CredentialResolver {

    private final CredentialChain chain;

    public CredentialResolver(CredentialChain chain) {
        this.chain = chain;
    }

    public static CredentialResolver standard(World world, ServerLocations servers, CredentialStore store) {
        ConfigPaths paths = ConfigPaths.from(world);
        return standard(world, paths, servers, store, new GlobalConfig(paths.globalConfigFile()),
                ResolverOptions.defaults());
    }

    public static CredentialResolver standard(World world, ConfigPaths paths, ServerLocations servers,
            CredentialStore store, GlobalConfig globalConfig, ResolverOptions options) {
        Consumer<String> notices = options.notices() != null ? options.notices() : world.err()::println;
        boolean bare = options.bare();
        CredentialSource helper = new ApiKeyHelperSource(world,
                () -> SettingsFiles.load(world, paths, options.settings(), bare), options.helperTiming(), notices);
        return new CredentialResolver(new CredentialChain(List.of(
                bare ? new LeftOutByBare(new GatewaySource(store, world)) : new GatewaySource(store, world),
                bare ? new LeftOutByBare(new CloudProviderSource(world, options.cloudCredentials()))
                        : new CloudProviderSource(world, options.cloudCredentials()),
                new AuthTokenSource(world),
                new ApiKeySource(world, globalConfig, options.interactive()),
                options.asApiKeyHelper() ? new LeftOutAsHelper(helper) : helper,
                bare ? new LeftOutByBare(new OAuthTokenSource(world)) : new OAuthTokenSource(world),
                bare ? new LeftOutByBare(new StoredLoginSource(store, servers, world.clock()))
                        : new StoredLoginSource(store, servers, world.clock()),
                bare ? new LeftOutByBare(new PrimaryApiKeySource(globalConfig)) : new PrimaryApiKeySource(globalConfig))));
    }

    /** Which source wins now, and why each other one did not. Reads local state only. */
    public Resolution resolve() {
        return chain.resolve();
    }
}
