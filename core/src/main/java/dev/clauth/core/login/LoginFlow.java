package dev.clauth.core.login;

import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.oauth.AccountClient;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.oauth.CallbackServer;
import dev.clauth.core.oauth.LoginRequest;
import dev.clauth.core.oauth.SubscriptionType;
import dev.clauth.core.oauth.TokenClient;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The browser login: discovery, PKCE and state, the loopback callback racing a pasted code, the code
 * exchange, the profile, and storage. Prints what the reference prints; ends with {@code Login successful.}
 */
public final class LoginFlow {

    public static final String SUCCESS = "Login successful.";
    public static final String SUCCESS_PAGE = "/oauth/code/success";

    private final World world;
    private final ServerLocations servers;
    private final CredentialStore store;
    private final GlobalConfig globalConfig;

    public LoginFlow(World world, ServerLocations servers, CredentialStore store, GlobalConfig globalConfig) {
        this.world = world;
        this.servers = servers;
        this.store = store;
        this.globalConfig = globalConfig;
    }

    public void run(LoginOptions options) {
        AuthorizationServer server = AuthorizationServer.discover(servers.oauthBase());
        LoginRequest request = LoginRequest.create(server, servers.clientId(), options.scopes(), options.email(),
                options.sso());
        PrintStream out = world.out();
        try (CallbackServer callback = startCallback(options.port(), request)) {
            URI loopback = LoginRequest.loopbackRedirect(callback.port());
            out.println("Opening browser to sign in…");
            new BrowserOpener(world).open(request.authorizationUrl(loopback));
            out.println("If the browser didn't open, visit:");
            out.println(request.authorizationUrl(request.manualRedirect()));
            out.print(PasteReader.PROMPT);
            out.flush();

            CodeSource source = awaitCode(callback, loopback, request);
            if (source.fromCallback()) {
                out.println();
            }
            try {
                TokenGrant grant = new TokenClient(server.tokenEndpoint(), servers.clientId())
                        .exchange(source.code(), source.redirectUri(), request.pkce(), request.state());
                store(server, grant, options);
                callback.finish(server.page(SUCCESS_PAGE));
            } finally {
                callback.finish(null);
            }
        }
        out.println(SUCCESS);
    }

    private static CallbackServer startCallback(int port, LoginRequest request) {
        try {
            return CallbackServer.start(port, request.state());
        } catch (IOException e) {
            throw new ClauthException(port == 0
                    ? "Cannot open a local port for the login callback; check the loopback interface"
                    : "Port " + port + " is not free for the login callback; choose another with --port");
        }
    }

    private CodeSource awaitCode(CallbackServer callback, URI loopback, LoginRequest request) {
        CompletableFuture<CodeSource> winner = new CompletableFuture<>();
        callback.outcome().whenComplete((outcome, error) -> {
            if (outcome instanceof CallbackServer.Outcome.Code code) {
                winner.complete(new CodeSource(code.code(), loopback, true));
            } else if (outcome instanceof CallbackServer.Outcome.Failed failed) {
                winner.completeExceptionally(new ClauthException(failed.message()));
            }
        });
        PasteReader.start(world.stdin(), world.out(), request.state(), request.manualRedirect(), winner);
        try {
            return winner.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ClauthException c ? c : new ClauthException("Login failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClauthException("Login interrupted");
        }
    }

    private void store(AuthorizationServer server, TokenGrant grant, LoginOptions options) {
        AccountClient account = new AccountClient(server, grant.accessToken());
        AccountClient.Profile profile = account.profile();
        if (options.console()) {
            String key = account.createApiKey();
            globalConfig.savePrimaryApiKey(key);
            globalConfig.saveOAuthAccount(profile.account());
            return;
        }
        if (!grant.scopes().contains("user:inference")) {
            throw new ClauthException("The server did not grant user:inference, so this login cannot call the API;"
                    + " approve all requested scopes, or use clauth auth login --console");
        }
        String refreshToken = grant.refreshToken().orElseThrow(() -> new ClauthException(
                "The server issued no refresh token, so this login would end within hours; check the server"));
        StoredLogin login = new StoredLogin(grant.accessToken(), refreshToken,
                world.now().toEpochMilli() + grant.expiresInSeconds() * 1000, grant.scopes(),
                SubscriptionType.of(profile.organizationType().or(grant::organizationType)).orElse(null),
                profile.rateLimitTier().orElse(null), server.issuer(), servers.clientId());
        store.lock().call(() -> {
            store.save(login);
            return null;
        });
        globalConfig.saveOAuthAccount(profile.account());
    }
}
