package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient;
import tools.jackson.databind.JsonNode;

/** The account's own sessions, the audit log, and the brakes on password guessing. */
class SessionsAuditThrottleTest extends TeamTest {

    @AfterEach
    void releaseBrakes() {
        throttle.reset();
    }

    @Test
    void sessionsPageListsLoginsAndSignsThemOut() {
        Person owner = newOrganization("claude_max");
        JsonNode first = login(owner, "user:profile user:inference");
        JsonNode second = login(owner, "user:inference");
        List<Element> rows = Jsoup.parse(owner.get("/console/sessions").body()).select("#sessions tr[data-session]");
        assertThat(rows).hasSize(2);
        assertThat(owner.get("/console/sessions").body()).doesNotContain(first.get("access_token").asString());

        String firstId = jdbc.sql("SELECT id FROM oauth_authorization WHERE principal_name = ? AND authorized_scopes LIKE ?")
                .params(memberUuid(owner.email()), "%user:profile%").query(String.class).single();
        assertThat(owner.post("/console/sessions/" + firstId + "/revoke", Map.of()).statusCode()).isEqualTo(302);
        assertThat(messageWithToken(first.get("access_token").asString()).statusCode()).isEqualTo(401);
        assertThat(oauth.tokenForm(OAuthClient.refresh(first.get("refresh_token").asString())).statusCode()).isEqualTo(400);
        assertThat(messageWithToken(second.get("access_token").asString()).statusCode()).isEqualTo(200);

        // someone else's session cannot be signed out from another account
        Person stranger = newOrganization("console");
        String secondId = jdbc.sql("SELECT id FROM oauth_authorization WHERE principal_name = ? AND id <> ?")
                .params(memberUuid(owner.email()), firstId).query(String.class).single();
        assertThat(stranger.post("/console/sessions/" + secondId + "/revoke", Map.of()).statusCode()).isEqualTo(400);
        assertThat(messageWithToken(second.get("access_token").asString()).statusCode()).isEqualTo(200);

        assertThat(owner.post("/console/sessions/revoke-all", Map.of()).statusCode()).isEqualTo(302);
        assertThat(messageWithToken(second.get("access_token").asString()).statusCode()).isEqualTo(401);
        assertThat(Jsoup.parse(owner.get("/console/sessions").body()).select("#sessions tr[data-session]")).isEmpty();
    }

    @Test
    void auditLogRecordsWhatHappenedForAdminsOnly() {
        Person owner = newOrganization("console");
        Person developer = member(owner, "developer");
        Person claudeCode = member(owner, "claude_code");
        String access = accessToken(developer, "org:create_api_key user:profile");
        createApiKey(access, "{\"kind\":\"general\"}");
        createApiKey(accessToken(claudeCode, "org:create_api_key user:profile"), "{\"kind\":\"general\"}");
        String key = consoleKey(owner, "general");
        String keyId = jdbc.sql("SELECT id FROM api_key WHERE organization_uuid = ? AND created_by = ?")
                .params(owner.org(), memberUuid(owner.email())).query(String.class).single();
        owner.post("/console/keys/" + keyId + "/revoke", Map.of());
        new OAuthClient(baseUrl()).signIn(developer.email(), "wrong password");
        OAuthClient.Login denied = OAuthClient.Login.to("http://localhost:43211/callback");
        OAuthClient browser = new OAuthClient(baseUrl());
        browser.submit(browser.consentPage(denied, developer.email(), PASSWORD).getElementById("deny"));
        owner.post("/console/members/" + memberUuid(claudeCode.email()) + "/remove", Map.of());
        oauth.tokenForm(OAuthClient.refresh("clauth_rt_unknown"));

        String page = owner.get("/console/audit").body();
        List<String> actions = Jsoup.parse(page).select("#audit tr[data-action]").eachAttr("data-action");
        assertThat(actions).contains("member.invited", "member.joined", "sign_in", "sign_in.failed", "consent.granted",
                "consent.denied", "token.issued", "api_key.created", "api_key.revoked", "refused", "member.removed");
        assertThat(page).doesNotContain(access).doesNotContain(key).doesNotContain("wrong password");
        assertThat(developer.get("/console/audit").statusCode()).isEqualTo(403);
    }

    @Test
    void guessingPasswordsIsBrakedPerAccountTheSameForUnknownAccountsAndNotForGood() {
        clock.freeze(); // a block lasts its minute on the server's clock, however slow the requests are
        Person owner = newOrganization("console");
        for (int i = 0; i < throttle.accountLimit(); i++) {
            assertThat(location(new OAuthClient(baseUrl()).signIn(owner.email(), "guess " + i))).endsWith("/login?error");
            assertThat(location(new OAuthClient(baseUrl()).signIn("nobody-" + owner.email(), "guess " + i)))
                    .endsWith("/login?error");
        }
        // now even the right password waits, and an unknown account gets the very same answer
        HttpResponse<String> known = new OAuthClient(baseUrl()).signIn(owner.email(), PASSWORD);
        HttpResponse<String> unknown = new OAuthClient(baseUrl()).signIn("nobody-" + owner.email(), PASSWORD);
        assertThat(location(known)).endsWith("/login?throttled").isEqualTo(location(unknown));
        assertThat(new OAuthClient(baseUrl()).get("/login?throttled").body()).contains("Too many sign-in attempts");
        // other accounts from the same address are not held up by one account's brake
        Person other = newOrganization("console");
        assertThat(other.get("/console").statusCode()).isEqualTo(200);

        clock.shift(Duration.ofMinutes(1).plusSeconds(1));
        signedIn(owner.email(), PASSWORD, owner.org());
        // a success clears the count; more failures block again, for longer each time, up to a cap
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < throttle.accountLimit(); i++) {
                new OAuthClient(baseUrl()).signIn(owner.email(), "guess " + i);
            }
            assertThat(location(new OAuthClient(baseUrl()).signIn(owner.email(), PASSWORD))).endsWith("throttled");
            clock.shift(Duration.ofMinutes(16));
        }
        signedIn(owner.email(), PASSWORD, owner.org());
    }

    @Test
    void guessingFromOneAddressIsBrakedAcrossAccounts() {
        clock.freeze(); // a block lasts its minute on the server's clock, however slow the requests are
        Person owner = newOrganization("console");
        for (int i = 0; i < throttle.addressLimit(); i++) {
            new OAuthClient(baseUrl()).signIn("spray-" + i + "@example.test", "guess");
        }
        assertThat(location(new OAuthClient(baseUrl()).signIn(owner.email(), PASSWORD))).endsWith("/login?throttled");
        clock.shift(Duration.ofMinutes(2));
        signedIn(owner.email(), PASSWORD, owner.org());
    }

    private static String location(HttpResponse<String> response) {
        return OAuthClient.location(response);
    }
}
