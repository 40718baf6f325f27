package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient.Login;
import tools.jackson.databind.JsonNode;

/**
 * Many clients presenting one secret at the same moment (issues 4 and 5): one refresh token,
 * one code, one approved device code. Each grant happens exactly once; for the refresh token,
 * everyone gets the tokens of that one rotation. Runs on H2 here and on PostgreSQL in
 * {@link PostgresGrantsTest}.
 */
class ConcurrentGrantsTest extends ServerTest {

    /** Sends {@code clients} requests at the same moment, each from its own client; answers them in order. */
    private List<HttpResponse<String>> atOnce(int clients, Function<OAuthClient, HttpResponse<String>> request)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    OAuthClient client = new OAuthClient(baseUrl());
                    start.await();
                    return request.apply(client);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertExactlyOneSucceeded(List<HttpResponse<String>> responses) {
        assertThat(responses).filteredOn(response -> response.statusCode() == 200).hasSize(1);
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() != 200) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
                assertThat(OAuthClient.json(response).get("error").asString()).isEqualTo("invalid_grant");
            }
        }
    }

    @Test
    void manyProcessesRefreshingAtOnceCauseOneRotationAndAllGetTheSameTokens() throws Exception {
        clock.freeze(); // every repeat falls within the grace period, however long the 24 requests queue
        String refresh = oauth.login(Login.to("http://localhost:42004/callback")).get("refresh_token").asString();
        double issuedBefore = Metrics.refreshes(oauth, "issued");
        double replayedBefore = Metrics.refreshes(oauth, "replayed");
        int processes = 24;

        List<HttpResponse<String>> responses = atOnce(processes, client -> client.hashCode() % 2 == 0
                ? client.tokenJson(OAuthClient.refresh(refresh)) : client.tokenForm(OAuthClient.refresh(refresh)));

        List<JsonNode> tokens = new ArrayList<>();
        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            tokens.add(OAuthClient.json(response));
        }
        assertThat(tokens).extracting(t -> t.get("access_token").asString())
                .containsOnly(tokens.get(0).get("access_token").asString());
        assertThat(tokens).extracting(t -> t.get("refresh_token").asString())
                .containsOnly(tokens.get(0).get("refresh_token").asString());
        assertThat(messagesStatus(tokens.get(0).get("access_token").asString())).isEqualTo(200);
        assertThat(Metrics.refreshes(oauth, "issued")).isEqualTo(issuedBefore + 1);
        assertThat(Metrics.refreshes(oauth, "replayed")).isEqualTo(replayedBefore + processes - 1);
    }

    @Test
    void ofConcurrentRedemptionsOfOneCodeExactlyOneSucceeds() throws Exception {
        Login login = Login.to("http://127.0.0.1:43003/callback");
        String code = oauth.approve(login).get("code");

        assertExactlyOneSucceeded(atOnce(8, client -> client.tokenForm(OAuthClient.exchange(login, code))));
    }

    @Test
    void ofConcurrentPollsOfAnApprovedDeviceCodeExactlyOneGetsTokens() throws Exception {
        HttpResponse<String> started = oauth.cliPost("/v1/oauth/device/code", "application/x-www-form-urlencoded",
                "client_id=clauth-cli&scope=user:inference");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode device = OAuthClient.json(started);
        DeviceFlowTest.decide(new OAuthClient(baseUrl()), device.get("user_code").asString(), "approve");
        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("grant_type", DeviceFlowTest.DEVICE_GRANT);
        poll.put("device_code", device.get("device_code").asString());
        poll.put("client_id", "clauth-cli");

        assertExactlyOneSucceeded(atOnce(8, client -> client.tokenForm(poll)));
    }
}
