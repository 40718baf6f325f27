package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The loopback server the browser returns to: bound to 127.0.0.1 on a port the OS picks (or the one
 * asked for), it answers {@code GET /callback} once and 404 elsewhere. A callback must carry this login's
 * {@code state} and, as {@link IssuerCheck} says, the issuer's {@code iss} (RFC 9207). A valid callback's
 * browser waits until {@link #finish} says where to go (the success page once the code has been exchanged).
 */
public final class CallbackServer implements AutoCloseable {

    /** What arrived at {@code /callback}: an authorization code, or why the login ended. */
    public sealed interface Outcome {
        record Code(String code) implements Outcome {
        }

        record Failed(String message) implements Outcome {
        }
    }

    private static final int STOP_GRACE_SECONDS = 2;

    private final HttpServer server;
    private final State expectedState;
    private final IssuerCheck issuerCheck;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean answered = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<URI> finalRedirect = new AtomicReference<>();
    private final AtomicBoolean finishCalled = new AtomicBoolean();

    private CallbackServer(HttpServer server, State expectedState, IssuerCheck issuerCheck) {
        this.server = server;
        this.expectedState = expectedState;
        this.issuerCheck = issuerCheck;
    }

    public static CallbackServer start(int port, State expectedState) throws IOException {
        return start(port, expectedState, IssuerCheck.NONE);
    }

    public static CallbackServer start(int port, State expectedState, IssuerCheck issuerCheck) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        CallbackServer callback = new CallbackServer(http, expectedState, issuerCheck);
        http.createContext("/", callback::handle);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "clauth-callback");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return callback;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Completes with the first valid or failed callback. */
    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /**
     * Sends the waiting browser (if any) to {@code redirect}, or to a plain error page when null. Only the
     * first call counts.
     */
    public void finish(URI redirect) {
        if (finishCalled.compareAndSet(false, true)) {
            finalRedirect.set(redirect);
        }
        finished.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            if (!"/callback".equals(uri.getPath()) || !"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 404, "Not found");
                return;
            }
            Map<String, List<String>> query = URLUtils.parseParameters(uri.getRawQuery());
            String error = first(query, "error");
            String code = first(query, "code");
            String state = first(query, "state");
            if (error == null && (code == null || code.isEmpty())) {
                respond(exchange, 400, "Authorization code not found");
                return;
            }
            if (!LoginState.matches(expectedState, state)) {
                respond(exchange, 400, "Invalid state parameter");
                complete(new Outcome.Failed("Invalid state parameter"));
                return;
            }
            var wrongIssuer = issuerCheck.problem(first(query, "iss"));
            if (wrongIssuer.isPresent()) {
                respond(exchange, 400, wrongIssuer.get());
                complete(new Outcome.Failed(wrongIssuer.get()));
                return;
            }
            if (!answered.compareAndSet(false, true)) {
                respond(exchange, 400, "This sign-in has already been completed");
                return;
            }
            if (error != null) {
                String message = LoginRefused.message(error);
                respond(exchange, 400, message);
                outcome.complete(new Outcome.Failed(message));
                return;
            }
            outcome.complete(new Outcome.Code(code));
            awaitFinish(exchange);
        }
    }

    private void complete(Outcome.Failed failure) {
        answered.set(true);
        outcome.complete(failure);
    }

    private void awaitFinish(HttpExchange exchange) throws IOException {
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        URI redirect = finalRedirect.get();
        if (redirect == null) {
            respond(exchange, 400, "Login failed; see your terminal.");
            return;
        }
        exchange.getResponseHeaders().set("Location", redirect.toString());
        exchange.sendResponseHeaders(302, -1);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Stops listening; a browser still waiting gets its answer (the redirect, or the error page) first. */
    @Override
    public void close() {
        finished.countDown();
        server.stop(STOP_GRACE_SECONDS);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
