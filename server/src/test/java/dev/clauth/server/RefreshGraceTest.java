package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient.Login;
import tools.jackson.databind.JsonNode;

/**
 * Refresh-token rotation with reuse detection and the grace period (issue 4), against the real
 * server: a repeated refresh within the grace period gets the very same tokens, a reuse after it
 * ends the whole login, and many processes refreshing at once cause exactly one rotation.
 */
class RefreshGraceTest extends ServerTest {

    private static void assertInvalidGrant(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(OAuthClient.json(response).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void refreshRepeatedWithinTheGracePeriodGetsTheSameTokens() {
        clock.freeze(); // 9 s on the server's clock, however long the requests take
        JsonNode login = oauth.login(Login.to("http://localhost:42001/callback"));
        String oldRefresh = login.get("refresh_token").asString();
        double replayedBefore = Metrics.refreshes(oauth, "replayed");

        JsonNode first = OAuthClient.json(oauth.tokenJson(OAuthClient.refresh(oldRefresh)));
        clock.shift(Duration.ofSeconds(9));
        HttpResponse<String> again = oauth.tokenForm(OAuthClient.refresh(oldRefresh));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode second = OAuthClient.json(again);
        assertThat(second.get("access_token").asString()).isEqualTo(first.get("access_token").asString());
        assertThat(second.get("refresh_token").asString()).isEqualTo(first.get("refresh_token").asString());
        assertThat(second.get("scope").asString()).isEqualTo(first.get("scope").asString());
        assertThat(second.get("account").get("email_address").asString()).isEqualTo(EMAIL);
        assertThat(second.get("organization").get("uuid").asString())
                .isEqualTo(first.get("organization").get("uuid").asString());
        // the same expiry (expires_in counts down on the wall clock)
        assertThat(second.get("expires_in").asLong()).isBetween(first.get("expires_in").asLong() - 3,
                first.get("expires_in").asLong());
        assertThat(Metrics.refreshes(oauth, "replayed")).isEqualTo(replayedBefore + 1);

        // nothing was ended: the tokens work and rotate on
        assertThat(messagesStatus(second.get("access_token").asString())).isEqualTo(200);
        HttpResponse<String> next = oauth.tokenForm(OAuthClient.refresh(second.get("refresh_token").asString()));
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(messagesStatus(OAuthClient.json(next).get("access_token").asString())).isEqualTo(200);
    }

    @Test
    void reuseAfterTheGracePeriodEndsTheWholeLogin() {
        clock.freeze();
        JsonNode login = oauth.login(Login.to("http://localhost:42002/callback"));
        String oldRefresh = login.get("refresh_token").asString();
        JsonNode rotated = OAuthClient.json(oauth.tokenForm(OAuthClient.refresh(oldRefresh)));
        JsonNode newest = OAuthClient.json(oauth.tokenForm(OAuthClient.refresh(rotated.get("refresh_token").asString())));
        assertThat(messagesStatus(newest.get("access_token").asString())).isEqualTo(200);
        double revokedBefore = Metrics.count(oauth, "clauth.token.requests", "grant_type:refresh_token",
                "outcome:refused", "reason:reuse_revoked");

        clock.shift(Duration.ofSeconds(11));
        HttpResponse<String> reuse = oauth.tokenForm(OAuthClient.refresh(oldRefresh));

        assertInvalidGrant(reuse);
        assertThat(reuse.body()).doesNotContain("clauth_at_", "clauth_rt_");
        assertThat(Metrics.count(oauth, "clauth.token.requests", "grant_type:refresh_token", "outcome:refused",
                "reason:reuse_revoked")).isEqualTo(revokedBefore + 1);
        // the newest tokens of the family stop working too
        assertThat(messagesStatus(newest.get("access_token").asString())).isEqualTo(401);
        assertInvalidGrant(oauth.tokenForm(OAuthClient.refresh(newest.get("refresh_token").asString())));
        // and a replay of the middle token, within what was its grace period, is no way back in
        clock.shift(Duration.ofSeconds(-11));
        assertInvalidGrant(oauth.tokenForm(OAuthClient.refresh(rotated.get("refresh_token").asString())));
    }

    @Test
    void aReplayIsRefusedWithoutEndingTheLoginOnceItsTokensWereRotatedAgain() {
        JsonNode login = oauth.login(Login.to("http://localhost:42003/callback"));
        String oldRefresh = login.get("refresh_token").asString();
        JsonNode rotated = OAuthClient.json(oauth.tokenForm(OAuthClient.refresh(oldRefresh)));
        JsonNode newest = OAuthClient.json(oauth.tokenForm(OAuthClient.refresh(rotated.get("refresh_token").asString())));

        assertInvalidGrant(oauth.tokenForm(OAuthClient.refresh(oldRefresh)));

        assertThat(messagesStatus(newest.get("access_token").asString())).isEqualTo(200);
        assertThat(oauth.tokenForm(OAuthClient.refresh(newest.get("refresh_token").asString())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusalsAreCountedWithTheirReason() {
        double unknownBefore = Metrics.count(oauth, "clauth.token.requests", "grant_type:refresh_token",
                "outcome:refused", "reason:invalid_grant");
        double unsupportedBefore = Metrics.count(oauth, "clauth.token.requests", "grant_type:other",
                "outcome:refused", "reason:unsupported_grant_type");
        double malformedBefore = Metrics.count(oauth, "clauth.token.requests", "outcome:refused",
                "reason:invalid_request");

        assertInvalidGrant(oauth.tokenJson(OAuthClient.refresh("clauth_rt_never-issued")));
        assertThat(oauth.tokenForm(Map.of("grant_type", "password", "client_id", "clauth-cli")).statusCode())
                .isEqualTo(400);
        assertThat(oauth.cliPost("/v1/oauth/token", "application/json", "{not json").statusCode()).isEqualTo(400);

        assertThat(Metrics.count(oauth, "clauth.token.requests", "grant_type:refresh_token", "outcome:refused",
                "reason:invalid_grant")).isEqualTo(unknownBefore + 1);
        assertThat(Metrics.count(oauth, "clauth.token.requests", "grant_type:other", "outcome:refused",
                "reason:unsupported_grant_type")).isEqualTo(unsupportedBefore + 1);
        assertThat(Metrics.count(oauth, "clauth.token.requests", "outcome:refused", "reason:invalid_request"))
                .isEqualTo(malformedBefore + 1);
    }

    @Test
    void metricsAreReadOnlyAndNothingElseOfTheActuatorIsOpen() {
        assertThat(oauth.get("/actuator/metrics").statusCode()).isEqualTo(200);
        assertThat(oauth.get("/actuator/metrics/clauth.token.requests?tag=grant_type:refresh_token&tag=outcome:issued")
                .statusCode()).isIn(200, 404);
        assertThat(oauth.get("/actuator/health").statusCode()).isIn(403, 404);
        assertThat(oauth.get("/actuator/env").statusCode()).isIn(403, 404);
        assertThat(oauth.cliPost("/actuator/metrics", "application/json", "{}").statusCode()).isIn(403, 405);
    }
}
