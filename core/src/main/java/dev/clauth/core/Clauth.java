package dev.clauth.core;

import com.anthropic.client.AnthropicClient;
import dev.clauth.core.api.ClauthAnthropicClient;
import dev.clauth.core.config.ConfigPaths;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.credentials.CloudProviderProvider;
import dev.clauth.core.credentials.Credential;
import dev.clauth.core.credentials.CredentialProvider;
import dev.clauth.core.credentials.CredentialResolver;
import dev.clauth.core.credentials.CustomApiKeyApproval;
import dev.clauth.core.credentials.ResolverOptions;
import dev.clauth.core.gateway.GatewayLoginFlow;
import dev.clauth.core.login.LoginFlow;
import dev.clauth.core.login.LoginOptions;
import dev.clauth.core.login.LogoutFlow;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.status.AuthStatus;
import dev.clauth.core.status.StatusReporter;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.store.SecretStores;
import dev.clauth.core.world.SystemWorld;
import dev.clauth.core.world.World;

/**
 * The client library in one place, for the CLI and for Java programs:
 * {@code Clauth.fromEnvironment().anthropicClient()} is an Anthropic SDK client that authenticates as
 * the documented precedence says; {@link #login}, {@link #logout} and {@link #status} are the
 * {@code clauth auth} commands.
 */
public final class Clauth {

    private final World world;
    private final ConfigPaths paths;
    private final ServerLocations servers;
    private final CredentialStore credentialStore;
    private final GlobalConfig globalConfig;
    private final CredentialResolver resolver;
    private final ResolverOptions options;

    public Clauth(World world) {
        this(world, ResolverOptions.defaults());
    }

    /** A client library shaped by {@code options}: interactive approval, {@code --bare}, {@code --settings}, …. */
    public Clauth(World world, ResolverOptions options) {
        this.world = world;
        this.options = options;
        this.paths = ConfigPaths.from(world);
        this.servers = ServerLocations.from(world);
        SecretStores stores = SecretStores.choose(world, paths);
        this.credentialStore = new CredentialStore(stores, paths.credentialsFile(), world);
        this.globalConfig = new GlobalConfig(paths.globalConfigFile(), stores.chosen(), credentialStore.lock());
        this.resolver = CredentialResolver.standard(world, paths, servers, credentialStore, globalConfig, options);
    }

    public static Clauth fromEnvironment() {
        return new Clauth(new SystemWorld());
    }

    public static Clauth fromEnvironment(ResolverOptions options) {
        return new Clauth(new SystemWorld(), options);
    }

    public ResolverOptions options() {
        return options;
    }

    public World world() {
        return world;
    }

    public ConfigPaths paths() {
        return paths;
    }

    public ServerLocations servers() {
        return servers;
    }

    public CredentialStore credentialStore() {
        return credentialStore;
    }

    public GlobalConfig globalConfig() {
        return globalConfig;
    }

    /** Whether the interactive prompt may use {@code ANTHROPIC_API_KEY}, and the user's answers about it. */
    public CustomApiKeyApproval customApiKey() {
        return new CustomApiKeyApproval(world, globalConfig);
    }

    public CredentialResolver resolver() {
        return resolver;
    }

    /** The browser login; prints its progress on the world's stdout and reads pasted codes from its stdin. */
    public void login(LoginOptions options) {
        if (options.gateway().isPresent()) {
            new GatewayLoginFlow(world, credentialStore).run(options);
            return;
        }
        new LoginFlow(world, servers, credentialStore, globalConfig).run(options);
    }

    /**
     * {@code clauth setup-token}: the same login (browser, pasted code or device, as {@code options} say),
     * asking for {@code user:inference} only and a one-year lifetime. Returns the access token; saves nothing.
     */
    public String setupToken(LoginOptions options) {
        return setupTokenGrant(options).accessToken();
    }

    /** {@link #setupToken}, with the lifetime the server actually granted ({@code expiresInSeconds}). */
    public TokenGrant setupTokenGrant(LoginOptions options) {
        return new LoginFlow(world, servers, credentialStore, globalConfig).run(options.asLongLivedToken());
    }

    /** A lifetime as a person says it: {@code 1 year}, {@code 30 days}, {@code 8 hours}, {@code 5 minutes}. */
    public static String lifetime(long seconds) {
        if (seconds >= 365L * 24 * 3600 - 24 * 3600) {
            long years = Math.max(1, Math.round(seconds / (365.0 * 24 * 3600)));
            return years + (years == 1 ? " year" : " years");
        }
        long[] units = {24 * 3600, 3600, 60, 1};
        String[] names = {"day", "hour", "minute", "second"};
        for (int i = 0; i < units.length; i++) {
            if (seconds >= units[i]) {
                long n = seconds / units[i];
                return n + " " + names[i] + (n == 1 ? "" : "s");
            }
        }
        return seconds + " seconds";
    }

    public void logout() {
        new LogoutFlow(credentialStore, globalConfig, world).run();
    }

    public AuthStatus status() {
        return new StatusReporter(resolver, credentialStore, globalConfig, servers).status();
    }

    /**
     * {@code clauth auth token}: the credential the precedence picks now (refreshed if it was about to expire),
     * for another program — the real Claude Code's {@code apiKeyHelper}, a script. Build this {@code Clauth}
     * with {@link ResolverOptions#asApiKeyHelper} so that an {@code apiKeyHelper} naming this command is left out.
     */
    public TokenInUse token() {
        CredentialProvider provider = resolver.resolve().require();
        if (provider instanceof CloudProviderProvider cloud) {
            throw new ClauthException(cloud.provider().displayName() + " requests are signed with its own credentials"
                    + " (" + cloud.source() + " is set), so there is no token to print; unset it to use your login");
        }
        Credential credential = provider.credential();
        return new TokenInUse(provider.source(), credential, provider.expiresAt());
    }

    /** The credential {@link #token} hands out; {@code toString} shows its last four characters only. */
    public record TokenInUse(String source, Credential credential, java.util.Optional<java.time.Instant> expiresAt) {
    }

    public AnthropicClient anthropicClient() {
        return ClauthAnthropicClient.create(resolver, servers.apiBase());
    }
}
