package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient.Login;
import tools.jackson.databind.JsonNode;

/**
 * Scopes are enforced (issue 3): {@code /v1/sessions} needs {@code user:sessions:claude_code};
 * an inference-only token (what {@code setup-token} gets) is refused there, at the profile and at
 * API-key creation with 403 {@code permission_error}, while it still reaches the models.
 */
class RemoteSessionsTest extends ServerTest {

    private HttpResponse<String> api(String method, String path, String accessToken, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + accessToken)
                .header("anthropic-beta", "oauth-2025-04-20")
                .header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return oauth.cliSend(request);
    }

    private static void assertPermissionError(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode body = OAuthClient.json(response);
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.get("error").get("type").asString()).isEqualTo("permission_error");
        assertThat(response.body()).doesNotContain("clauth_at_");
    }

    @Test
    void aFullLoginCreatesAndListsSessions() {
        String token = oauth.login(Login.to("http://localhost:44001/callback")).get("access_token").asString();

        HttpResponse<String> created = api("POST", "/v1/sessions", token, "{\"title\":\"refactor the parser\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = OAuthClient.json(created).get("id").asString();
        assertThat(id).startsWith("session_");

        HttpResponse<String> listed = api("GET", "/v1/sessions", token, null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains(id, "refactor the parser");
    }

    @Test
    void anInferenceOnlyTokenIsRefusedEverywhereButTheModels() {
        Login setupToken = Login.to("http://localhost:44002/callback").scope("user:inference");
        Map<String, String> redirect = oauth.approve(setupToken);
        Map<String, String> exchange = OAuthClient.exchange(setupToken, redirect.get("code"));
        exchange.put("expires_in", "31536000");
        JsonNode tokens = OAuthClient.json(oauth.tokenForm(exchange));
        assertThat(tokens.get("expires_in").asLong()).isGreaterThan(31_000_000L);
        String token = tokens.get("access_token").asString();

        assertPermissionError(api("POST", "/v1/sessions", token, "{}"));
        assertPermissionError(api("GET", "/v1/sessions", token, null));
        assertPermissionError(api("GET", "/api/oauth/profile", token, null));
        assertPermissionError(api("POST", "/api/oauth/claude_cli/create_api_key", token, "{}"));
        assertThat(api("POST", "/v1/messages", token,
                "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void apiAuthenticationsAreCounted() {
        String token = oauth.login(Login.to("http://localhost:44003/callback")).get("access_token").asString();
        double acceptedBefore = Metrics.count(oauth, "clauth.api.auth", "credential:oauth", "outcome:accepted");
        double refusedBefore = Metrics.count(oauth, "clauth.api.auth", "credential:oauth", "outcome:refused");

        assertThat(api("GET", "/v1/sessions", token, null).statusCode()).isEqualTo(200);
        assertThat(api("GET", "/v1/sessions", "clauth_at_not-a-token", null).statusCode()).isEqualTo(401);

        assertThat(Metrics.count(oauth, "clauth.api.auth", "credential:oauth", "outcome:accepted"))
                .isEqualTo(acceptedBefore + 1);
        assertThat(Metrics.count(oauth, "clauth.api.auth", "credential:oauth", "outcome:refused"))
                .isEqualTo(refusedBefore + 1);
    }
}
