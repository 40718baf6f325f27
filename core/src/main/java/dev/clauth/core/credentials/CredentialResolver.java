package dev.clauth.core.credentials;

import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.world.World;
import java.util.List;

/**
 * The documented precedence, first match wins: cloud provider switch → {@code ANTHROPIC_AUTH_TOKEN} →
 * {@code ANTHROPIC_API_KEY} → {@code apiKeyHelper} → {@code CLAUDE_CODE_OAUTH_TOKEN} → the stored login.
 * Each is one {@link CredentialSource}; this build has the stored login, and the others slot in ahead
 * of it in that order.
 */
public final class CredentialResolver {

    private final CredentialChain chain;

    public CredentialResolver(CredentialChain chain) {
        this.chain = chain;
    }

    public static CredentialResolver standard(World world, ServerLocations servers, CredentialStore store) {
        return new CredentialResolver(new CredentialChain(List.of(
                new StoredLoginSource(store, servers, world.clock()))));
    }

    /** Which source wins now, and why each other one did not. Reads local state only. */
    public Resolution resolve() {
        return chain.resolve();
    }
}
