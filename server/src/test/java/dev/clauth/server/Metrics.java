package dev.clauth.server;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;

/** Reads a counter from the server's own metrics endpoint, as a test or benchmark would. */
public final class Metrics {

    private Metrics() {
    }

    /** The counter's value for the tags given ({@code name:value}), 0 when nothing was counted yet. */
    public static double count(OAuthClient client, String meter, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(meter);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = client.get(path.toString());
        if (response.statusCode() == 404) {
            return 0;
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("metrics answered " + response.statusCode() + ": " + response.body());
        }
        for (JsonNode measurement : OAuthClient.json(response).get("measurements")) {
            if ("COUNT".equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + response.body());
    }

    public static double refreshes(OAuthClient client, String outcome) {
        return count(client, "clauth.token.requests", "grant_type:refresh_token", "outcome:" + outcome);
    }
}
