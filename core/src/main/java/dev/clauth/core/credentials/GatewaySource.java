package dev.clauth.core.credentials;

import dev.clauth.core.gateway.GatewayAddress;
import dev.clauth.core.gateway.GatewayTls;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GatewayLogin;
import dev.clauth.core.world.World;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A sign-in to a Claude Code gateway ({@code enterpriseGateway}, from {@code clauth auth login --gateway URL}
 * or the real {@code claude}'s "Cloud gateway" login). Where the reference puts it: first, before the cloud
 * provider switches — with it every request goes to the gateway with the gateway's bearer, and nothing of an
 * Anthropic credential is used ({@code authMethod} {@code third_party}, {@code apiProvider} {@code gateway}).
 */
public final class GatewaySource implements CredentialSource {

    private final CredentialStore store;
    private final World world;

    public GatewaySource(CredentialStore store, World world) {
        this.store = store;
        this.world = world;
    }

    @Override
    public String name() {
        return "gateway sign-in";
    }

    @Override
    public String noun() {
        return "your gateway sign-in";
    }

    @Override
    public Detection detect() {
        Optional<GatewayLogin> login = store.gateway();
        if (login.isEmpty()) {
            return new Detection.Absent("none in " + store.where());
        }
        GatewayAddress gateway;
        try {
            gateway = GatewayAddress.parse(login.get().url());
        } catch (RuntimeException e) {
            return new Detection.Absent("the stored gateway sign-in has an unusable url · Please run clauth auth login --gateway URL");
        }
        if (gateway.https() && store.pin(gateway.host()).filter(p -> !p.equals(GatewayAddress.HTTP_LOOPBACK)).isEmpty()) {
            return new Detection.Absent("the gateway sign-in to " + gateway + " has no trusted certificate · Please run clauth"
                    + " auth login --gateway " + gateway + " to pin it");
        }
        return new Detection.Found(new GatewayProvider(gateway, new GatewayRefresher(store, world),
                pinnedTls(store, world, gateway), trustManager(store, world, gateway)));
    }

    /** The pinned TLS for an https gateway (empty for http on loopback). */
    static Optional<SSLContext> pinnedTls(CredentialStore store, World world, GatewayAddress gateway) {
        return gateway.https()
                ? store.pin(gateway.host()).map(pin -> GatewayTls.from(world).pinned(gateway.host(), pin))
                : Optional.empty();
    }

    private static Optional<javax.net.ssl.X509TrustManager> trustManager(CredentialStore store, World world,
            GatewayAddress gateway) {
        return gateway.https()
                ? store.pin(gateway.host()).map(pin -> GatewayTls.from(world).pinnedTrustManager(gateway.host(), pin))
                : Optional.empty();
    }
}
