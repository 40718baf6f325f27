package dev.clauth.core.login;

import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ConfigPaths;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.login.LoginInput.Event;
import dev.clauth.core.login.PastedCode.Reading;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.oauth.CallbackServer;
import dev.clauth.core.oauth.LoginRefused;
import dev.clauth.core.oauth.LoginRequest;
import dev.clauth.core.oauth.Retry;
import dev.clauth.core.oauth.TokenClient;
import dev.clauth.core.oauth.TokenEndpointException;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The browser login: discovery, PKCE and state, the loopback callback racing pasted codes, the code
 * exchange (retried when the server fails for a moment), the profile, and storage. A pasted code that
 * is wrong, cut short, of another attempt, or expired is explained and the login goes on waiting.
 * With {@link LoginOptions#device()} the device login runs instead. Ends with {@code Login successful.}
 */
public final class LoginFlow {

    public static final String SUCCESS = "Login successful.";
    public static final String SUCCESS_PAGE = "/oauth/code/success";
    public static final String PROMPT = "Paste code here if prompted > ";
    public static final String BROWSER_HINT = "Browser didn't open? Use the url below to sign in (c to copy)";
    public static final String EXPIRED = "That code has expired or was already used; open the URL again to get a new one:";
    /** How long the interactive login waits for the browser before offering the URL. */
    static final Duration HINT_DELAY = Duration.ofSeconds(3);
    /** How long a line that may be the start of a wrapped code waits for the rest. */
    static final long CONTINUATION_MS = 400;

    /** Said instead of the paste prompt where the server has no page that shows a code. */
    public static final String NO_PASTE_PAGE = "This server has no page that shows a code to paste, so the browser must"
            + " reach this machine: over SSH fix the port with --port N and forward it (ssh -L N:127.0.0.1:N), or sign in"
            + " with clauth auth login --device";

    private final World world;
    private final ServerLocations servers;
    private boolean pasteable = true;
    private final ConfigPaths paths;
    private final LoginSaver saver;
    private final CredentialStore store;
    private final GlobalConfig globalConfig;

    public LoginFlow(World world, ServerLocations servers, CredentialStore store, GlobalConfig globalConfig) {
        this.world = world;
        this.servers = servers;
        this.paths = ConfigPaths.from(world);
        this.store = store;
        this.globalConfig = globalConfig;
        this.saver = new LoginSaver(world, servers.clientId(), store, globalConfig);
    }

    /** Signs in; returns the tokens (saved, unless {@code options.longLivedToken()}, which saves nothing). */
    public TokenGrant run(LoginOptions options) {
        if (options.device()) {
            return new DeviceLoginFlow(world, servers, store, globalConfig).run(options);
        }
        Platform platform = Platform.of(world);
        boolean terminal = world.isTerminal();
        boolean openBrowser = !options.noBrowser() && platform.canOpenBrowser() && !(platform.ssh()
                && platform.browserVariable().isEmpty() && !platform.x11() && !platform.wayland());
        if (!terminal && !openBrowser) {
            throw new ClauthException(NoWayToSignIn.explain(platform, options));
        }
        int port = CallbackPort.resolve(world, paths, options.port());
        AuthorizationServer server = AuthorizationServer.discover(servers.oauthBase());
        LoginRequest request = LoginRequest.create(server, servers.clientId(), server.scopesFor(options.scopes()), options.email(),
                options.sso());
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (CallbackServer callback = startCallback(port, request)) {
            URI loopback = LoginRequest.loopbackRedirect(callback.port());
            // Only a Claude-style server has the page that shows a code to paste; on another the URL is the loopback one.
            pasteable = server.claudeStyle();
            URI manualUrl = request.authorizationUrl(pasteable ? request.manualRedirect() : loopback);
            callback.outcome().whenComplete((outcome, error) -> events.add(outcome == null
                    ? new CallbackServer.Outcome.Failed("Login failed: the callback server stopped") : outcome));
            Runnable hint = announce(platform, terminal, openBrowser, request, loopback, manualUrl, port, events);
            try (LoginInput input = LoginInput.start(world, events)) {
                TokenGrant grant = awaitGrant(events, server, request, loopback, manualUrl, new UrlCopier(world, platform),
                        hint, options);
                try {
                    saver.save(server, grant, options);
                    callback.finish(server.page(SUCCESS_PAGE));
                } finally {
                    callback.finish(null);
                }
                if (!options.longLivedToken()) {
                    world.out().println(SUCCESS);
                }
                return grant;
            }
        }
    }

    /** Prints how to sign in; returns what to print when the browser seems not to have opened. */
    private Runnable announce(Platform platform, boolean terminal, boolean openBrowser,
            LoginRequest request, URI loopback, URI manualUrl, int fixedPort, BlockingQueue<Object> events) {
        PrintStream out = world.out();
        if (openBrowser) {
            out.println("Opening browser to sign in…");
            new BrowserOpener(world).open(request.authorizationUrl(loopback));
        }
        if (!terminal) {
            out.println(openBrowser ? "If the browser didn't open, visit:" : "Open this URL in a browser to sign in:");
            printUrls(manualUrl, request, loopback, fixedPort);
            return () -> { };
        }
        if (!openBrowser) {
            out.println(!pasteable ? "Use the url below to sign in, in a browser that can reach this machine (c to copy)."
                    : platform.ssh()
                    ? "Signed in over SSH: open the url below on your own computer, sign in, and paste the code here (c to copy)."
                    : "Use the url below to sign in (c to copy)");
            printUrls(manualUrl, request, loopback, fixedPort);
            return () -> { };
        }
        out.flush();
        Thread hint = new Thread(() -> {
            try {
                world.sleep(HINT_DELAY);
            } catch (InterruptedException e) {
                return;
            }
            events.add(new ShowHint());
        }, "clauth-login-hint");
        hint.setDaemon(true);
        hint.start();
        return () -> {
            out.println(BROWSER_HINT);
            printUrls(manualUrl, request, loopback, fixedPort);
        };
    }

    private record ShowHint() {
    }

    /** The URL on a line of its own, never wrapped by us; with a fixed port, the forwardable one too. */
    private void printUrls(URI manualUrl, LoginRequest request, URI loopback, int fixedPort) {
        PrintStream out = world.out();
        out.println(manualUrl);
        if (!pasteable) {
            out.println(NO_PASTE_PAGE);
            out.flush();
            return;
        }
        if (fixedPort > 0) {
            out.println("Or, with port " + fixedPort + " forwarded to this machine (ssh -L " + fixedPort + ":127.0.0.1:"
                    + fixedPort + " …), open:");
            out.println(request.authorizationUrl(loopback));
        }
        out.print(PROMPT);
        out.flush();
    }

    private TokenGrant awaitGrant(BlockingQueue<Object> events, AuthorizationServer server, LoginRequest request,
            URI loopback, URI manualUrl, UrlCopier copier, Runnable hint, LoginOptions options) {
        PrintStream out = world.out();
        TokenClient tokens = new TokenClient(server.tokenEndpoint(), servers.clientId(), Retry.standard(world::sleep))
                .requestingLifetime(options.requestedLifetimeSeconds());
        PasteBuffer paste = new PasteBuffer(request.state().getValue(), server.issuerCheck());
        while (true) {
            Object event = next(events, paste.waiting());
            Optional<Reading> reading = Optional.empty();
            if (event == null) {
                reading = Optional.of(paste.flush());
            } else if (event instanceof CallbackServer.Outcome.Code code) {
                out.println();
                return tokens.exchange(code.code(), loopback, request.pkce(), request.state());
            } else if (event instanceof CallbackServer.Outcome.Failed failed) {
                throw new ClauthException(failed.message());
            } else if (event instanceof ShowHint) {
                hint.run();
            } else if (event instanceof Event.CopyKey) {
                copier.copy(manualUrl);
                out.print(PROMPT);
                out.flush();
            } else if (event instanceof Event.Line line && !line.text().isBlank()) {
                reading = paste.add(line.text());
            }
            if (reading.isEmpty()) {
                continue;
            }
            Optional<TokenGrant> grant = tryPasted(reading.get(), tokens, request, loopback, manualUrl);
            if (grant.isPresent()) {
                return grant.get();
            }
            out.print(PROMPT);
            out.flush();
        }
    }

    private Object next(BlockingQueue<Object> events, boolean continuationExpected) {
        try {
            return continuationExpected ? events.poll(CONTINUATION_MS, TimeUnit.MILLISECONDS) : events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClauthException("Login interrupted");
        }
    }

    /** The grant for a pasted code, or empty after saying what is wrong with the paste. */
    private Optional<TokenGrant> tryPasted(Reading reading, TokenClient tokens, LoginRequest request, URI loopback,
            URI manualUrl) {
        PrintStream out = world.out();
        switch (reading) {
            case Reading.Code code -> {
                try {
                    return Optional.of(tokens.exchange(code.code(), code.loopback() ? loopback : request.manualRedirect(),
                            request.pkce(), request.state()));
                } catch (TokenEndpointException e) {
                    if (e.kind() == TokenEndpointException.Kind.INVALID_GRANT) {
                        out.println(EXPIRED);
                        out.println(manualUrl);
                    } else if (e.kind() == TokenEndpointException.Kind.TRANSIENT) {
                        out.println(e.getMessage() + " (the code is still good: paste it again to retry)");
                    } else {
                        throw e;
                    }
                }
            }
            case Reading.WrongState w -> out.println(PastedCode.WRONG_STATE);
            case Reading.Incomplete i -> out.println(PastedCode.INVALID);
            case Reading.NotACode n -> out.println(PastedCode.NOT_A_CODE);
            case Reading.Refused refused -> throw new ClauthException(LoginRefused.message(refused.error()));
            case Reading.WrongIssuer wrong -> throw new ClauthException(wrong.message());
        }
        return Optional.empty();
    }

    private static CallbackServer startCallback(int port, LoginRequest request) {
        try {
            return CallbackServer.start(port, request.state(), request.server().issuerCheck());
        } catch (BindException e) {
            throw new ClauthException(port == 0
                    ? "Cannot open a local port for the login callback; check the loopback interface"
                    : "Port " + port + " is in use; free it or choose another with --port");
        } catch (IOException e) {
            throw new ClauthException(port == 0
                    ? "Cannot open a local port for the login callback; check the loopback interface"
                    : "Cannot listen on port " + port + " for the login callback; choose another with --port");
        }
    }
}
