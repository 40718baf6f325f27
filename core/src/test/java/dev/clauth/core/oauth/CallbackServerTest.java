package dev.clauth.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.id.State;
import dev.clauth.core.testing.Poll;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallbackServerTest {

    /** Seconds to wait for the callback's outcome or the browser's answer: only a safety net for a hang. */
    private static final long WAIT = Poll.SAFETY_NET.toSeconds();

    private final HttpClient http = HttpClient.newHttpClient();
    private final State state = LoginState.generate();

    private HttpResponse<String> get(CallbackServer server, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A browser's visit, answered when the callback server answers it (a valid callback waits for {@code finish}). */
    private CompletableFuture<HttpResponse<String>> browse(CallbackServer server, String pathAndQuery) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return get(server, pathAndQuery);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void listensOnLoopbackOnlyAtAnOsChosenPort() throws Exception {
        try (CallbackServer server = CallbackServer.start(0, state)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void otherPathsAre404AndAMissingCodeIs400WithoutEndingTheLogin() throws Exception {
        try (CallbackServer server = CallbackServer.start(0, state)) {
            assertThat(get(server, "/").statusCode()).isEqualTo(404);
            assertThat(get(server, "/callbackx?code=a&state=" + state.getValue()).statusCode()).isEqualTo(404);
            HttpResponse<String> noCode = get(server, "/callback?state=" + state.getValue());
            assertThat(noCode.statusCode()).isEqualTo(400);
            assertThat(noCode.body()).isEqualTo("Authorization code not found");
            assertThat(server.outcome()).isNotDone();
        }
    }

    @Test
    void wrongStateIs400AndFailsTheLogin() throws Exception {
        try (CallbackServer server = CallbackServer.start(0, state)) {
            HttpResponse<String> response = get(server, "/callback?code=abc&state=forged");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("Invalid state parameter");
            assertThat(server.outcome().get(WAIT, TimeUnit.SECONDS))
                    .isEqualTo(new CallbackServer.Outcome.Failed("Invalid state parameter"));
        }
    }

    @Test
    void aCallbackFromAnotherIssuerOrWithoutTheRequiredIssIs400AndFailsTheLogin() throws Exception {
        IssuerCheck check = new IssuerCheck("http://127.0.0.1:8765", true);
        try (CallbackServer server = CallbackServer.start(0, state, check)) {
            HttpResponse<String> response = get(server, "/callback?code=abc&state=" + state.getValue()
                    + "&iss=http%3A%2F%2F127.0.0.1%3A9999");
            assertThat(response.statusCode()).isEqualTo(400);
            String line = "The sign-in answer came from http://127.0.0.1:9999, not http://127.0.0.1:8765;"
                    + " start again with clauth auth login";
            assertThat(response.body()).isEqualTo(line);
            assertThat(server.outcome().get(WAIT, TimeUnit.SECONDS)).isEqualTo(new CallbackServer.Outcome.Failed(line));
        }
        try (CallbackServer server = CallbackServer.start(0, state, check)) {
            get(server, "/callback?code=abc&state=" + state.getValue());
            assertThat(server.outcome().get(WAIT, TimeUnit.SECONDS)).isInstanceOfSatisfying(CallbackServer.Outcome.Failed.class,
                    f -> assertThat(f.message()).startsWith("The sign-in answer did not say which server sent it"));
        }
        try (CallbackServer server = CallbackServer.start(0, state, check)) {
            CompletableFuture<HttpResponse<String>> browser = browse(server,
                    "/callback?code=abc&state=" + state.getValue() + "&iss=http%3A%2F%2F127.0.0.1%3A8765");
            assertThat(server.outcome().get(WAIT, TimeUnit.SECONDS)).isEqualTo(new CallbackServer.Outcome.Code("abc"));
            server.finish(null);
            browser.get(WAIT, TimeUnit.SECONDS); // answered once the login is done with it, not after the server's wait
        }
    }

    @Test
    void accessDeniedEndsTheLoginWithAClearMessage() throws Exception {
        try (CallbackServer server = CallbackServer.start(0, state)) {
            get(server, "/callback?error=access_denied&state=" + state.getValue());
            assertThat(server.outcome().get(WAIT, TimeUnit.SECONDS)).isInstanceOfSatisfying(CallbackServer.Outcome.Failed.class,
                    f -> assertThat(f.message()).contains("access was denied").contains("clauth auth login"));
        }
    }

    @Test
    void validCallbackWaitsForTheExchangeThenRedirectsAndIsAnsweredOnlyOnce() throws Exception {
        CallbackServer server = CallbackServer.start(0, state);
        CompletableFuture<HttpResponse<String>> browser = browse(server, "/callback?code=the-code&state=" + state.getValue());
        assertThat(server.outcome().get(WAIT, TimeUnit.SECONDS)).isEqualTo(new CallbackServer.Outcome.Code("the-code"));
        assertThat(browser).isNotDone();
        assertThat(get(server, "/callback?code=other&state=" + state.getValue()).statusCode()).isEqualTo(400);

        server.finish(URI.create("http://127.0.0.1:8765/oauth/code/success"));
        HttpResponse<String> answer = browser.get(WAIT, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("location")).hasValue("http://127.0.0.1:8765/oauth/code/success");

        server.close();
        assertThatThrownBy(() -> get(server, "/callback?code=x&state=" + state.getValue()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void shutsDownAfterAFailureToo() throws Exception {
        CallbackServer server = CallbackServer.start(0, state);
        get(server, "/callback?code=abc&state=forged");
        server.close();
        assertThatThrownBy(() -> get(server, "/callback")).isInstanceOf(ConnectException.class);
    }
}
