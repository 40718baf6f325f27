package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient.Login;
import tools.jackson.databind.JsonNode;

/**
 * Codes and refresh tokens are redeemed atomically (issue 5): a token request that fails on the
 * server (the database failing mid-way, here through a trigger) answers 500 {@code server_error}
 * and has used nothing up; of concurrent redemptions of one code exactly one succeeds.
 */
class AtomicGrantTest extends ServerTest {

    @BeforeEach
    void installTrigger() {
        FailOnceTrigger.ARMED.set(false);
        jdbc.sql("CREATE TRIGGER IF NOT EXISTS fail_once BEFORE UPDATE ON oauth_authorization FOR EACH ROW CALL '"
                + FailOnceTrigger.class.getName() + "'").update();
    }

    @AfterEach
    void dropTrigger() {
        FailOnceTrigger.ARMED.set(false);
        jdbc.sql("DROP TRIGGER IF EXISTS fail_once").update();
    }

    @Test
    void aCodeExchangeThatFailsOnTheServerHasNotUsedTheCodeUp() {
        Login login = Login.to("http://127.0.0.1:43001/callback");
        String code = oauth.approve(login).get("code");
        double failedBefore = Metrics.count(oauth, "clauth.token.requests", "grant_type:authorization_code",
                "outcome:refused", "reason:server_error");

        FailOnceTrigger.ARMED.set(true);
        HttpResponse<String> failed = oauth.tokenForm(OAuthClient.exchange(login, code));

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        assertThat(OAuthClient.json(failed).get("error").asString()).isEqualTo("server_error");
        assertThat(failed.body()).doesNotContain("injected", "Exception", "clauth_at_");
        assertThat(Metrics.count(oauth, "clauth.token.requests", "grant_type:authorization_code", "outcome:refused",
                "reason:server_error")).isEqualTo(failedBefore + 1);

        HttpResponse<String> retried = oauth.tokenJson(OAuthClient.exchange(login, code));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(messagesStatus(OAuthClient.json(retried).get("access_token").asString())).isEqualTo(200);
    }

    @Test
    void aRefreshThatFailsOnTheServerHasNotRotatedTheToken() {
        JsonNode tokens = oauth.login(Login.to("http://127.0.0.1:43002/callback"));
        String refresh = tokens.get("refresh_token").asString();
        double replayedBefore = Metrics.refreshes(oauth, "replayed");

        FailOnceTrigger.ARMED.set(true);
        HttpResponse<String> failed = oauth.tokenForm(OAuthClient.refresh(refresh));
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);

        HttpResponse<String> retried = oauth.tokenForm(OAuthClient.refresh(refresh));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(Metrics.refreshes(oauth, "replayed")).as("a real rotation, not a replay").isEqualTo(replayedBefore);
        assertThat(messagesStatus(tokens.get("access_token").asString())).as("the old access token was replaced")
                .isEqualTo(401);
        assertThat(messagesStatus(OAuthClient.json(retried).get("access_token").asString())).isEqualTo(200);
    }
}
