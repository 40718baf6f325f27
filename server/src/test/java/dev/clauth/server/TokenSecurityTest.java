package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient.Login;
import tools.jackson.databind.JsonNode;

/** Codes, tokens and their lifetimes, attacked the ways SECURITY.md lists. */
class TokenSecurityTest extends ServerTest {

    private static void assertOAuthError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(OAuthClient.json(response).get("error").asString()).isEqualTo(error);
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.");
    }

    @Test
    void replayedCodeIsRefusedAndRevokesWhatItIssued() {
        Login login = Login.to("http://127.0.0.1:41001/callback");
        String code = oauth.approve(login).get("code");
        JsonNode first = OAuthClient.json(oauth.tokenForm(OAuthClient.exchange(login, code)));
        String access = first.get("access_token").asString();
        assertThat(messagesStatus(access)).isEqualTo(200);

        assertOAuthError(oauth.tokenForm(OAuthClient.exchange(login, code)), 400, "invalid_grant");

        assertThat(messagesStatus(access)).isEqualTo(401);
        assertOAuthError(oauth.tokenForm(OAuthClient.refresh(first.get("refresh_token").asString())), 400,
                "invalid_grant");
    }

    @Test
    void aReplayedCodeRevokesWhatItIssuedEvenWithoutTheVerifier() {
        Login login = Login.to("http://127.0.0.1:41004/callback");
        String code = oauth.approve(login).get("code");
        JsonNode first = OAuthClient.json(oauth.tokenForm(OAuthClient.exchange(login, code)));
        String access = first.get("access_token").asString();
        assertThat(messagesStatus(access)).isEqualTo(200);

        // whoever else holds the code does not hold the verifier
        Map<String, String> replay = new LinkedHashMap<>(OAuthClient.exchange(login, code));
        replay.put("code_verifier", OAuthClient.verifier());
        assertOAuthError(oauth.tokenForm(replay), 400, "invalid_grant");

        assertThat(messagesStatus(access)).as("the leaked code ended the login").isEqualTo(401);
        assertOAuthError(oauth.tokenForm(OAuthClient.refresh(first.get("refresh_token").asString())), 400,
                "invalid_grant");
    }

    @Test
    void anUnusedCodeWithAWrongVerifierIsRefusedAndStillUsable() {
        Login login = Login.to("http://127.0.0.1:41005/callback");
        String code = oauth.approve(login).get("code");
        Map<String, String> wrong = new LinkedHashMap<>(OAuthClient.exchange(login, code));
        wrong.put("code_verifier", OAuthClient.verifier());
        assertThat(oauth.tokenForm(wrong).statusCode()).isIn(400, 401);

        assertThat(oauth.tokenForm(OAuthClient.exchange(login, code)).statusCode())
                .as("a wrong guess at the verifier does not spend the code").isEqualTo(200);
    }

    @Test
    void codeLivesSixtySeconds() {
        // Codes are issued now and redeemed later on the server's (frozen) clock: only shift moves it.
        clock.freeze();
        Login fresh = Login.to("http://127.0.0.1:41002/callback");
        String code = oauth.approve(fresh).get("code");
        clock.shift(Duration.ofSeconds(55));
        assertThat(oauth.tokenForm(OAuthClient.exchange(fresh, code)).statusCode()).isEqualTo(200);

        Login stale = Login.to("http://127.0.0.1:41003/callback");
        String staleCode = new OAuthClient(baseUrl()).approve(stale).get("code");
        clock.shift(Duration.ofSeconds(61));
        assertOAuthError(oauth.tokenForm(OAuthClient.exchange(stale, staleCode)), 400, "invalid_grant");
    }

    @Test
    void codeIsBoundToItsRedirectUri() {
        Login login = Login.to("http://127.0.0.1:41004/callback");
        String code = oauth.approve(login).get("code");
        Map<String, String> other = OAuthClient.exchange(login, code);
        other.put("redirect_uri", "http://127.0.0.1:41005/callback");
        assertOAuthError(oauth.tokenForm(other), 400, "invalid_grant");
    }

    @Test
    void codeOfAnotherClientIdIsRefused() {
        Login login = Login.to("http://127.0.0.1:41006/callback");
        String code = oauth.approve(login).get("code");
        Map<String, String> other = OAuthClient.exchange(login, code);
        other.put("client_id", "someone-else");
        assertOAuthError(oauth.tokenForm(other), 401, "invalid_client");
    }

    @Test
    void pkceVerifierMissingOrWrongIsRefused() {
        Login login = Login.to("http://127.0.0.1:41007/callback");
        String code = oauth.approve(login).get("code");
        Map<String, String> missing = OAuthClient.exchange(login, code);
        missing.remove("code_verifier");
        assertOAuthError(oauth.tokenForm(missing), 401, "invalid_client");

        Map<String, String> wrong = OAuthClient.exchange(login, code);
        wrong.put("code_verifier", OAuthClient.verifier());
        assertOAuthError(oauth.tokenForm(wrong), 400, "invalid_grant");
    }

    @Test
    void plainOrMissingCodeChallengeIsRefusedAtTheAuthorizationEndpoint() {
        Login plain = new Login("http://127.0.0.1:41008/callback", OAuthClient.ALL_SCOPES, "s1", OAuthClient.verifier(),
                "plain");
        HttpResponse<String> refused = oauth.authorize(plain.query());
        assertThat(refused.statusCode()).isEqualTo(302);
        Map<String, String> query = OAuthClient.queryOf(OAuthClient.location(refused));
        assertThat(OAuthClient.location(refused)).startsWith("http://127.0.0.1:41008/callback?");
        assertThat(query.get("error")).isEqualTo("invalid_request");
        assertThat(query.get("state")).isEqualTo("s1");

        Map<String, String> noChallenge = new LinkedHashMap<>(Login.to("http://127.0.0.1:41009/callback").query());
        noChallenge.remove("code_challenge");
        noChallenge.remove("code_challenge_method");
        HttpResponse<String> missing = oauth.authorize(noChallenge);
        assertThat(OAuthClient.queryOf(OAuthClient.location(missing)).get("error")).isEqualTo("invalid_request");
    }

    @Test
    void refreshRotatesTheRefreshTokenAndRefusesTheOldOne() {
        clock.freeze(); // the repeat below falls within the grace period however slow the requests are
        JsonNode login = oauth.login(Login.to("http://localhost:41010/callback"));
        String oldRefresh = login.get("refresh_token").asString();

        HttpResponse<String> refreshed = oauth.tokenJson(OAuthClient.refresh(oldRefresh));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode second = OAuthClient.json(refreshed);
        assertThat(second.get("access_token").asString()).startsWith("clauth_at_")
                .isNotEqualTo(login.get("access_token").asString());
        assertThat(second.get("refresh_token").asString()).startsWith("clauth_rt_").isNotEqualTo(oldRefresh);
        assertThat(second.get("account").get("email_address").asString()).isEqualTo(EMAIL);
        assertThat(messagesStatus(second.get("access_token").asString())).isEqualTo(200);

        // within the grace period the old token gets the same new tokens again (RefreshGraceTest);
        // after it, the old token is refused and ends the login (next test)
        JsonNode again = OAuthClient.json(oauth.tokenForm(OAuthClient.refresh(oldRefresh)));
        assertThat(again.get("refresh_token").asString()).isEqualTo(second.get("refresh_token").asString());
        assertThat(messagesStatus(second.get("access_token").asString())).isEqualTo(200);
    }

    @Test
    void refreshTokenReusedAfterTheGracePeriodEndsTheLogin() {
        JsonNode login = oauth.login(Login.to("http://localhost:41011/callback"));
        String oldRefresh = login.get("refresh_token").asString();
        JsonNode second = OAuthClient.json(oauth.tokenForm(OAuthClient.refresh(oldRefresh)));

        clock.shift(Duration.ofMinutes(2));
        assertOAuthError(oauth.tokenForm(OAuthClient.refresh(oldRefresh)), 400, "invalid_grant");
        clock.reset();

        assertThat(messagesStatus(second.get("access_token").asString())).isEqualTo(401);
        assertOAuthError(oauth.tokenForm(OAuthClient.refresh(second.get("refresh_token").asString())), 400,
                "invalid_grant");
    }

    @Test
    void refreshCannotWidenTheScope() {
        JsonNode login = oauth.login(Login.to("http://localhost:41012/callback").scope("user:inference"));
        assertThat(login.get("scope").asString()).isEqualTo("user:inference");
        Map<String, String> wider = OAuthClient.refresh(login.get("refresh_token").asString());
        wider.put("scope", "user:inference user:profile");
        assertOAuthError(oauth.tokenForm(wider), 400, "invalid_scope");
    }

    @Test
    void revokingTheRefreshTokenEndsTheWholeLogin() {
        JsonNode login = oauth.login(Login.to("http://localhost:41013/callback"));
        String access = login.get("access_token").asString();
        String refresh = login.get("refresh_token").asString();
        assertThat(messagesStatus(access)).isEqualTo(200);

        HttpResponse<String> revoked = oauth.cliPost("/v1/oauth/token/revoke", "application/json",
                "{\"token\":\"" + refresh + "\",\"token_type_hint\":\"refresh_token\",\"client_id\":\"clauth-cli\"}");
        assertThat(revoked.statusCode()).isEqualTo(200);

        assertOAuthError(oauth.tokenForm(OAuthClient.refresh(refresh)), 400, "invalid_grant");
        assertThat(messagesStatus(access)).isEqualTo(401);
    }

    @Test
    void revocationWithAFormAndAnUnknownTokenStillAnswers200() {
        JsonNode login = oauth.login(Login.to("http://localhost:41014/callback"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", login.get("refresh_token").asString());
        form.put("client_id", "clauth-cli");
        assertThat(oauth.cliPost("/v1/oauth/token/revoke", "application/x-www-form-urlencoded",
                OAuthClient.encodeSingle(form)).statusCode()).isEqualTo(200);
        assertThat(messagesStatus(login.get("access_token").asString())).isEqualTo(401);

        form.put("token", "clauth_rt_never-issued");
        assertThat(oauth.cliPost("/v1/oauth/token/revoke", "application/x-www-form-urlencoded",
                OAuthClient.encodeSingle(form)).statusCode()).isEqualTo(200);
    }

    @Test
    void databaseHoldsNoIssuedSecret() {
        Login login = Login.to("http://localhost:41015/callback");
        String code = oauth.approve(login).get("code");
        JsonNode first = OAuthClient.json(oauth.tokenForm(OAuthClient.exchange(login, code)));
        JsonNode second = OAuthClient.json(oauth.tokenForm(OAuthClient.refresh(first.get("refresh_token").asString())));
        List<String> secrets = List.of(code, first.get("access_token").asString(), first.get("refresh_token").asString(),
                second.get("access_token").asString(), second.get("refresh_token").asString());

        StringBuilder dump = new StringBuilder();
        for (String table : List.of("OAUTH_AUTHORIZATION", "OAUTH_RETIRED_REFRESH_TOKEN", "ACCOUNT")) {
            jdbc.sql("SELECT * FROM " + table).query().listOfRows().forEach(row -> dump.append(row).append('\n'));
        }
        assertThat(dump).contains(dev.clauth.server.oauth.TokenHash.of(second.get("access_token").asString()));
        for (String secret : secrets) {
            assertThat(dump.toString()).doesNotContain(secret);
            assertThat(dump.toString()).doesNotContain(secret.substring(10, 30));
        }
        assertThat(dump.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void malformedAndOversizedTokenRequestsGetOAuthErrors() {
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/json", "{not json"), 400, "invalid_request");
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/json", "[1,2]"), 400, "invalid_request");
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/json", "{\"code\":{\"a\":1}}"), 400,
                "invalid_request");
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/json",
                "{\"grant_type\":\"" + "x".repeat(200_000) + "\"}"), 400, "invalid_request");
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=" + "y".repeat(3_000_000) + "&client_id=clauth-cli"), 400,
                "invalid_request");
        byte[] chunked = ("grant_type=refresh_token&client_id=clauth-cli&refresh_token=" + "z".repeat(200_000))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HttpResponse<String> unsized = oauth.cliSend(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunked))));
        assertThat(unsized.statusCode()).as(unsized.body()).isBetween(400, 401);
        assertThat(OAuthClient.json(unsized).get("error").asString()).startsWith("invalid_");
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=%zz%&client_id=clauth-cli"), 400, "invalid_request");
        assertOAuthError(oauth.cliPost("/v1/oauth/token/revoke", "application/json", "{\"token\":"), 400,
                "invalid_request");
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=password&username=a&password=b&client_id=clauth-cli"), 400, "unsupported_grant_type");
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=clauth-cli"), 400, "unauthorized_client");
        assertOAuthError(oauth.cliPost("/v1/oauth/token", "application/x-www-form-urlencoded", ""), 401,
                "invalid_client");
        assertOAuthError(oauth.tokenForm(OAuthClient.refresh("clauth_rt_made-up")), 400, "invalid_grant");
    }
}
