package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;

import dev.clauth.server.OAuthClient.Login;
import tools.jackson.databind.JsonNode;

/** {@code /v1/messages} as the CLI and the official SDK call it. */
class MessagesApiTest extends ServerTest {

    private static final String BODY = "{\"model\":\"claude-test\",\"max_tokens\":64,\"messages\":["
            + "{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":\"ok\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello there\"}]}]%s}";

    private String accessToken;

    @BeforeEach
    void logIn() {
        accessToken = oauth.login(Login.to("http://localhost:43001/callback")).get("access_token").asString();
    }

    private HttpResponse<String> post(String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return oauth.cliSend(request);
    }

    private HttpResponse<String> postAuthorized(String body) {
        return post(body, "Authorization", "Bearer " + accessToken, "anthropic-beta", "oauth-2025-04-20");
    }

    private static void assertApiError(HttpResponse<String> response, int status, String type, String secret) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = OAuthClient.json(response);
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.get("error").get("type").asString()).isEqualTo(type);
        assertThat(body.get("error").get("message").asString()).isNotBlank();
        if (secret != null) {
            assertThat(response.body()).doesNotContain(secret);
        }
    }

    @Test
    void answersWithOneTextBlockInTheMessagesShape() {
        HttpResponse<String> response = postAuthorized(BODY.formatted(""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode message = OAuthClient.json(response);
        assertThat(message.get("id").asString()).startsWith("msg_");
        assertThat(message.get("type").asString()).isEqualTo("message");
        assertThat(message.get("role").asString()).isEqualTo("assistant");
        assertThat(message.get("model").asString()).isEqualTo("claude-test");
        assertThat(message.get("content")).hasSize(1);
        assertThat(message.get("content").get(0).get("type").asString()).isEqualTo("text");
        assertThat(message.get("content").get(0).get("text").asString()).isEqualTo("You said: hello there");
        assertThat(message.get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(message.get("stop_sequence").isNull()).isTrue();
        assertThat(message.get("usage").get("input_tokens").asInt()).isPositive();
        assertThat(message.get("usage").get("output_tokens").asInt()).isPositive();
    }

    @Test
    void streamsTheMessagesApiEvents() {
        HttpResponse<String> response = postAuthorized(BODY.formatted(",\"stream\":true"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String block : response.body().split("\n\n")) {
            String[] lines = block.split("\n");
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            String event = lines[0].substring(7);
            JsonNode data = OAuthClient.JSON.readTree(lines[1].substring(6));
            assertThat(data.get("type").asString()).isEqualTo(event);
            events.add(event);
            if (event.equals("content_block_delta")) {
                assertThat(data.get("delta").get("type").asString()).isEqualTo("text_delta");
                text.append(data.get("delta").get("text").asString());
            }
            if (event.equals("message_delta")) {
                assertThat(data.get("delta").get("stop_reason").asString()).isEqualTo("end_turn");
            }
        }
        assertThat(text.toString()).isEqualTo("You said: hello there");
        assertThat(events.getFirst()).isEqualTo("message_start");
        assertThat(events).containsSubsequence("message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(events.getLast()).isEqualTo("message_stop");
    }

    @Test
    void theOfficialSdkReadsBothAnswers() {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(baseUrl()).authToken(accessToken)
                .putHeader("anthropic-beta", "oauth-2025-04-20").maxRetries(0).build();
        MessageCreateParams params = MessageCreateParams.builder().model("claude-test").maxTokens(64)
                .addUserMessage("from the sdk").build();
        var message = client.messages().create(params);
        assertThat(message.content().getFirst().asText().text()).isEqualTo("You said: from the sdk");

        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(event -> event.contentBlockDelta()
                    .flatMap(delta -> delta.delta().text()).ifPresent(t -> streamed.append(t.text())));
        }
        assertThat(streamed.toString()).isEqualTo("You said: from the sdk");
        client.close();
    }

    @Test
    void credentialsAreRequiredAndChecked() {
        assertApiError(post(BODY.formatted("")), 401, "authentication_error", null);
        assertApiError(post(BODY.formatted(""), "Authorization", "Bearer clauth_at_made-up", "anthropic-beta",
                "oauth-2025-04-20"), 401, "authentication_error", "clauth_at_made-up");
        HttpResponse<String> noBeta = post(BODY.formatted(""), "Authorization", "Bearer " + accessToken);
        assertApiError(noBeta, 401, "authentication_error", accessToken);
        assertThat(OAuthClient.json(noBeta).get("error").get("message").asString()).contains("anthropic-beta",
                "oauth-2025-04-20");
        assertThat(post(BODY.formatted(""), "Authorization", "Bearer " + accessToken, "anthropic-beta",
                "other-2024-01-01, oauth-2025-04-20").statusCode()).isEqualTo(200);
    }

    @Test
    void expiredAccessTokenIsRefused() {
        clock.shift(java.time.Duration.ofHours(8).plusSeconds(1));
        assertApiError(postAuthorized(BODY.formatted("")), 401, "authentication_error", accessToken);
        clock.reset();
        assertThat(postAuthorized(BODY.formatted("")).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWithoutTheNeededScopeIsForbidden() {
        String profileOnly = new OAuthClient(baseUrl()).login(Login.to("http://localhost:43002/callback")
                .scope("user:profile")).get("access_token").asString();
        assertApiError(post(BODY.formatted(""), "Authorization", "Bearer " + profileOnly, "anthropic-beta",
                "oauth-2025-04-20"), 403, "permission_error", profileOnly);

        String inferenceOnly = new OAuthClient(baseUrl()).login(Login.to("http://localhost:43003/callback")
                .scope("user:inference")).get("access_token").asString();
        HttpResponse<String> profile = oauth.cliSend(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/oauth/profile"))
                .header("Authorization", "Bearer " + inferenceOnly).GET());
        assertApiError(profile, 403, "permission_error", inferenceOnly);
    }

    @Test
    void malformedRequestsAreInvalidRequestErrors() {
        assertApiError(postAuthorized("{not json"), 400, "invalid_request_error", accessToken);
        assertApiError(postAuthorized("[]"), 400, "invalid_request_error", null);
        assertApiError(postAuthorized("{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400,
                "invalid_request_error", null);
        assertApiError(postAuthorized("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}"), 400,
                "invalid_request_error", null);
        assertApiError(postAuthorized("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"),
                400, "invalid_request_error", null);
        assertApiError(postAuthorized("{\"model\":\"m\",\"max_tokens\":\"5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                400, "invalid_request_error", null);
        assertApiError(postAuthorized("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(1_100_000) + "\"}]}"), 413, "request_too_large", null);
    }
}
