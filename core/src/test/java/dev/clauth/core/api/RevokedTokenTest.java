package dev.clauth.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.credentials.NotLoggedInException;
import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.StandInServer.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 403 whose error says the OAuth token was revoked is treated like a 401; other 403s are not. */
class RevokedTokenTest {

    private static final String REVOKED = """
            {"type":"error","error":{"type":"permission_error","message":"OAuth token has been revoked. Please obtain a new token."}}""";
    private static final String OK = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"You said: hello"}],"stop_reason":"end_turn",
             "stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":3}}""";

    private final LoggedInFixture fixture = new LoggedInFixture();

    RevokedTokenTest() throws java.io.IOException {
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Message ask() {
        AnthropicClient client = ClauthAnthropicClient.builder(fixture.clauth().resolver(),
                fixture.clauth().servers().apiBase()).maxRetries(0).build();
        try {
            return client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                    .addUserMessage("hello").build());
        } finally {
            client.close();
        }
    }

    @Test
    void aRevokedTokenIsRefreshedAndTheRequestRetried() {
        fixture.storeLogin(Duration.ofHours(1));
        fixture.server.http.on("POST", "/v1/messages", r -> ("Bearer " + LoggedInFixture.ACCESS).equals(r.header("authorization"))
                ? Reply.json(403, REVOKED) : Reply.json(200, OK));

        assertThat(ask().content().get(0).text().orElseThrow().text()).isEqualTo("You said: hello");
        assertThat(fixture.server.refreshGrants).hasValue(1);
    }

    @Test
    void aTokenStillRevokedAfterTheRefreshSaysToLogInAgain() {
        fixture.storeLogin(Duration.ofHours(1));
        fixture.server.http.on("POST", "/v1/messages", r -> Reply.json(403, REVOKED));

        assertThatThrownBy(this::ask).isInstanceOf(NotLoggedInException.class)
                .hasMessage("OAuth token revoked · Please run clauth auth login");
    }

    @Test
    void anyOther403IsTheApisAnswerAndNoRefresh() {
        fixture.storeLogin(Duration.ofHours(1));
        fixture.server.http.on("POST", "/v1/messages", r -> Reply.json(403, """
                {"type":"error","error":{"type":"permission_error","message":"This model is not available to you."}}"""));

        assertThatThrownBy(this::ask).isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("not available to you");
        assertThat(fixture.server.refreshGrants).hasValue(0);
    }
}
