package dev.clauth.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.credentials.NotLoggedInException;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.StandInServer;
import dev.clauth.core.testing.StandInServer.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClauthAnthropicClientTest {

    private final LoggedInFixture fixture = new LoggedInFixture();

    ClauthAnthropicClientTest() throws java.io.IOException {
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Message ask() {
        AnthropicClient client = fixture.clauth().anthropicClient();
        try {
            return client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                    .addUserMessage("hello").build());
        } finally {
            client.close();
        }
    }

    private List<StandInServer.Request> messageRequests() {
        return fixture.server.http.requestsTo("/v1/messages");
    }

    @Test
    void requestsCarryTheStoredLoginAsBearerWithTheOAuthBetaAndTheApiVersion() {
        fixture.storeLogin(Duration.ofHours(1));
        Message answer = ask();

        assertThat(answer.content().get(0).text().orElseThrow().text()).isEqualTo("You said: hello");
        StandInServer.Request request = messageRequests().get(0);
        assertThat(request.header("authorization")).isEqualTo("Bearer " + LoggedInFixture.ACCESS);
        assertThat(request.header("anthropic-beta")).isEqualTo("oauth-2025-04-20");
        assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.header("x-api-key")).isNull();
    }

    @Test
    void aRefusedTokenIsRefreshedOnceAndTheRequestRetried() {
        fixture.storeLogin(Duration.ofHours(1));
        fixture.server.validAccessTokens.remove(LoggedInFixture.ACCESS);

        ask();

        assertThat(fixture.server.refreshGrants).hasValue(1);
        assertThat(messageRequests()).extracting(r -> r.header("authorization"))
                .containsExactly("Bearer " + LoggedInFixture.ACCESS, "Bearer clauth_at_test_1");
        assertThat(fixture.store().read().orElseThrow().accessToken()).isEqualTo("clauth_at_test_1");
    }

    @Test
    void aSecondRefusalMeansNotLoggedIn() {
        fixture.storeLogin(Duration.ofHours(1));
        fixture.server.http.on("POST", "/v1/messages", r -> Reply.json(401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"revoked\"}}"));

        assertThatThrownBy(this::ask).isInstanceOf(NotLoggedInException.class)
                .hasMessage("Not logged in · Please run clauth auth login");
        assertThat(fixture.server.refreshGrants).hasValue(1);
        assertThat(messageRequests()).hasSize(2);
    }

    @Test
    void aRefusedTokenThatAnotherProcessAlreadyReplacedIsRetriedWithoutARefresh() {
        fixture.storeLogin(Duration.ofHours(1));
        fixture.server.validAccessTokens.remove(LoggedInFixture.ACCESS);
        fixture.server.validAccessTokens.add("clauth_at_rotated");
        fixture.server.http.on("POST", "/v1/messages", r -> {
            if (("Bearer " + LoggedInFixture.ACCESS).equals(r.header("authorization"))) {
                fixture.store().save(new StoredLogin("clauth_at_rotated", "clauth_rt_rotated",
                        fixture.world.now().plus(Duration.ofHours(8)).toEpochMilli(), List.of("user:inference"), "max",
                        null, fixture.server.base(), "clauth-cli"));
                return Reply.json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"x\"}}");
            }
            return Reply.json(200, """
                    {"id":"m","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"ok"}],
                     "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}""");
        });

        ask();

        assertThat(fixture.server.refreshGrants).hasValue(0);
        assertThat(messageRequests().get(1).header("authorization")).isEqualTo("Bearer clauth_at_rotated");
    }

    @Test
    void withNoLoginNothingIsSent() {
        assertThatThrownBy(this::ask).isInstanceOf(NotLoggedInException.class)
                .hasMessage("Not logged in · Please run clauth auth login");
        assertThat(fixture.server.http.requests).isEmpty();
    }
}
