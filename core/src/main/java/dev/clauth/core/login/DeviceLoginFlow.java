package dev.clauth.core.login;

import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.oauth.DeviceAuthorization;
import dev.clauth.core.oauth.Retry;
import dev.clauth.core.oauth.TokenClient;
import dev.clauth.core.oauth.TokenClient.DevicePoll;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.world.World;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * The device login (RFC 8628), for machines without a browser: shows a short code and the page to type
 * it on (any device will do), polls the token endpoint at the server's interval — 5 s longer after each
 * {@code slow_down} — until the login is approved, denied, or the code expires; then stores the login
 * as the browser login does.
 */
public final class DeviceLoginFlow {

    public static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    private final World world;
    private final ServerLocations servers;
    private final LoginSaver saver;

    public DeviceLoginFlow(World world, ServerLocations servers, CredentialStore store, GlobalConfig globalConfig) {
        this.world = world;
        this.servers = servers;
        this.saver = new LoginSaver(world, servers.clientId(), store, globalConfig);
    }

    public TokenGrant run(LoginOptions options) {
        AuthorizationServer server = AuthorizationServer.discover(servers.oauthBase());
        TokenGrant grant = authorize(server, options);
        saver.save(server, grant, options);
        if (!options.longLivedToken()) {
            world.out().println(LoginFlow.SUCCESS);
        }
        return grant;
    }

    /** Everything up to the tokens, for callers that store them elsewhere (setup-token). */
    public TokenGrant authorize(AuthorizationServer server, LoginOptions options) {
        Retry retry = Retry.standard(world::sleep);
        DeviceAuthorization device = DeviceAuthorization.request(server, servers.clientId(), server.scopesFor(options.scopes()), retry);
        PrintStream out = world.out();
        out.println("To sign in, open this URL in a browser on any device:");
        out.println(device.verificationUri());
        out.println("and enter the code: " + device.userCode());
        device.verificationUriComplete().ifPresent(complete -> {
            out.println("Or open this URL, which already holds the code:");
            out.println(complete);
        });
        out.println("Waiting for you to approve… (the code expires in " + minutes(device.lifetime()) + ")");
        out.flush();
        return poll(new TokenClient(server.tokenEndpoint(), servers.clientId(), retry)
                .requestingLifetime(options.requestedLifetimeSeconds()), device);
    }

    private TokenGrant poll(TokenClient tokens, DeviceAuthorization device) {
        Instant expires = world.now().plus(device.lifetime());
        Duration interval = device.interval();
        while (true) {
            if (!world.now().plus(interval).isBefore(expires.plusSeconds(1))) {
                throw new ClauthException(TokenClient.DEVICE_CODE_EXPIRED);
            }
            try {
                world.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClauthException("Login interrupted");
            }
            DevicePoll answer = tokens.pollDevice(device.deviceCode());
            if (answer instanceof DevicePoll.Granted granted) {
                return granted.grant();
            }
            if (((DevicePoll.Pending) answer).slowDown()) {
                interval = interval.plus(SLOW_DOWN_STEP);
            }
        }
    }

    /** A lifetime as the login says it: {@code 1 minute}, {@code 10 minutes}. */
    public static String minutes(Duration lifetime) {
        long m = Math.max(1, Math.round(lifetime.toSeconds() / 60.0));
        return m == 1 ? "1 minute" : m + " minutes";
    }
}
