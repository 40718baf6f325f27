package dev.clauth.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.testing.StandInServer;
import dev.clauth.core.testing.StandInServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenClientTest {

    private final StandInServer server = new StandInServer();
    private final TokenClient client = new TokenClient(URI.create(server.base() + "/token"), "clauth-cli");
    private final Pkce pkce = Pkce.generate();
    private final URI redirect = URI.create("http://localhost:4242/callback");

    TokenClientTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TokenGrant exchange() {
        return client.exchange("the-code", redirect, pkce, LoginState.generate());
    }

    private void answer(int status, String body) {
        server.on("POST", "/token", r -> Reply.json(status, body));
    }

    @Test
    void exchangeSendsTheFormOfTheReferenceAndReadsTheExtras() {
        answer(200, """
                {"access_token":"clauth_at_x","token_type":"Bearer","expires_in":28800,"refresh_token":"clauth_rt_x",
                 "scope":"user:inference user:profile","account":{"uuid":"acc","email_address":"a@b.c"},
                 "organization":{"uuid":"org","name":"Org","organization_type":"claude_pro"}}""");
        TokenGrant grant = exchange();

        Map<String, String> form = server.requestsTo("/token").get(0).form();
        assertThat(form).containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "the-code")
                .containsEntry("redirect_uri", "http://localhost:4242/callback")
                .containsEntry("client_id", "clauth-cli")
                .containsEntry("code_verifier", pkce.verifier().getValue())
                .containsKey("state");
        assertThat(server.requestsTo("/token").get(0).header("content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(grant.accessToken()).isEqualTo("clauth_at_x");
        assertThat(grant.refreshToken()).hasValue("clauth_rt_x");
        assertThat(grant.expiresInSeconds()).isEqualTo(28800);
        assertThat(grant.scopes()).containsExactly("user:inference", "user:profile");
        assertThat(grant.emailAddress()).hasValue("a@b.c");
        assertThat(grant.organizationUuid()).hasValue("org");
        assertThat(grant.organizationType()).hasValue("claude_pro");
        assertThat(grant.toString()).doesNotContain("clauth_at_x", "clauth_rt_x");
    }

    @Test
    void unauthorizedIsAnInvalidCode() {
        answer(401, "{\"error\":\"invalid_client\"}");
        assertThatThrownBy(this::exchange).hasMessage("Authentication failed: Invalid authorization code");
    }

    @Test
    void otherRefusalsNameTheStatusAndTheOAuthError() {
        answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\"}");
        assertThatThrownBy(this::exchange).hasMessage("Token exchange failed (400): invalid_grant (code expired)")
                .isInstanceOfSatisfying(TokenEndpointException.class,
                        e -> assertThat(e.kind()).isEqualTo(TokenEndpointException.Kind.INVALID_GRANT));
        server.on("POST", "/token", r -> Reply.text(500, "<html>boom</html>"));
        assertThatThrownBy(this::exchange).hasMessageStartingWith("Token exchange failed (500): ")
                .isInstanceOfSatisfying(TokenEndpointException.class,
                        e -> assertThat(e.kind()).isEqualTo(TokenEndpointException.Kind.TRANSIENT));
    }

    @Test
    void malformedAnswersGiveOneClearLine() {
        for (String body : List.of("not json", "{}", "{\"token_type\":\"Bearer\",\"expires_in\":10}",
                "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}",
                "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}",
                "{\"access_token\":\"" + "a".repeat(5000) + "\",\"token_type\":\"Bearer\",\"expires_in\":10}",
                "{\"access_token\":42,\"token_type\":\"Bearer\",\"expires_in\":10}")) {
            answer(200, body);
            assertThatThrownBy(this::exchange).as(body.length() > 80 ? body.substring(0, 80) : body)
                    .isInstanceOf(TokenEndpointException.class)
                    .hasMessageStartingWith("Token exchange failed")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(300));
        }
    }

    @Test
    void aHugeAnswerIsRefusedWithoutReadingItAll() {
        String huge = "{\"access_token\":\"" + "a".repeat(BoundedHttp.MAX_BODY + 10) + "\"}";
        answer(200, huge);
        assertThatThrownBy(this::exchange).hasMessageContaining("Token exchange failed")
                .hasMessageContaining("larger than");
    }

    @Test
    void unreachableServerIsTransient() {
        server.close();
        assertThatThrownBy(this::exchange).isInstanceOfSatisfying(TokenEndpointException.class,
                e -> assertThat(e.kind()).isEqualTo(TokenEndpointException.Kind.TRANSIENT))
                .hasMessageContaining("cannot reach " + server.base());
    }

    @Test
    void refreshSendsTheRefreshGrantWithScope() {
        answer(200, "{\"access_token\":\"n\",\"token_type\":\"Bearer\",\"expires_in\":60}");
        TokenGrant grant = client.refresh("clauth_rt_old", List.of("user:inference", "user:profile"));
        assertThat(server.requestsTo("/token").get(0).form()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "clauth_rt_old")
                .containsEntry("client_id", "clauth-cli")
                .containsEntry("scope", "user:inference user:profile");
        assertThat(grant.refreshToken()).isEmpty();
    }

    @Test
    void revocationSendsTheRefreshTokenAndIgnoresFailures() {
        server.on("POST", "/revoke", r -> Reply.json(200, "{}"));
        assertThat(TokenClient.revoke(URI.create(server.base() + "/revoke"), "clauth-cli", "clauth_rt_1")).isTrue();
        assertThat(server.requestsTo("/revoke").get(0).form()).containsEntry("token", "clauth_rt_1")
                .containsEntry("token_type_hint", "refresh_token")
                .containsEntry("client_id", "clauth-cli");
        assertThat(TokenClient.revoke(URI.create(server.base() + "/missing"), "clauth-cli", "t")).isFalse();
    }
}
