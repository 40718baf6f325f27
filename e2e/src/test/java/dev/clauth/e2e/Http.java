package dev.clauth.e2e;

import dev.clauth.core.testing.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Plain HTTP to the server, as another program (or an attacker) would send it. */
final class Http {
    /** Time limits are safety nets for a hung server, never a measure of it. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Poll.SAFETY_NET).build();

    static HttpResponse<String> postForm(URI url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> postJson(URI url, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return send(b);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Poll.SAFETY_NET).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A refresh grant with the given refresh token, as the CLI's client would send it. */
    static HttpResponse<String> refresh(URI server, String refreshToken) {
        return postForm(server.resolve("/v1/oauth/token"),
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", "clauth-cli"));
    }

    /** One message to the API with an OAuth access token. */
    static HttpResponse<String> message(URI server, String accessToken, String text) {
        return postJson(server.resolve("/v1/messages"),
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\""
                        + text + "\"}]}",
                Map.of("Authorization", "Bearer " + accessToken,
                        "anthropic-version", "2023-06-01",
                        "anthropic-beta", "oauth-2025-04-20"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
