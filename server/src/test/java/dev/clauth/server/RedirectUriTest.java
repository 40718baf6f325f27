package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.clauth.server.OAuthClient.Login;

/** Only the contract's redirect URIs get a code; anything else is refused without a redirect. */
class RedirectUriTest extends ServerTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:1/callback",
            "http://127.0.0.1:54321/callback",
            "http://127.0.0.1:65535/callback",
            "http://localhost:8080/callback",
            "http://localhost:33333/callback" })
    void loopbackCallbacksAtAnyPortAreAccepted(String redirectUri) {
        Map<String, String> redirect = oauth.approve(Login.to(redirectUri));
        assertThat(redirect.get("code")).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1:5000/callback",
            "http://127.0.0.1:5000/other",
            "http://127.0.0.1:5000/callback/",
            "http://127.0.0.1:5000/callback/../callback",
            "http://127.0.0.1:5000/callback?x=1",
            "http://127.0.0.1:5000/callback#frag",
            "http://127.0.0.1/callback",
            "http://127.0.0.2:5000/callback",
            "http://[::1]:5000/callback",
            "http://evil.example:5000/callback",
            "http://localhost.evil.example:5000/callback",
            "http://127.0.0.1:5000@evil.example/callback",
            "http://user@127.0.0.1:5000/callback",
            "http://LOCALHOST:5000/callback",
            "javascript:alert(1)",
            "http://127.0.0.1:99999/callback",
            "http://127.0.0.1:5000/oauth/code/callback",
            "https://evil.example/oauth/code/callback" })
    void otherRedirectUrisAreRefusedOnTheServersOwnPage(String redirectUri) {
        HttpResponse<String> response = oauth.authorize(Login.to(redirectUri).query());
        assertThat(response.statusCode()).isEqualTo(302);
        String location = OAuthClient.location(response);
        assertThat(location).startsWith(baseUrl() + "/oauth/error?error=invalid_request").doesNotContain("code=");
        HttpResponse<String> page = oauth.get(location);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("This sign-in request was refused");
    }

    @org.junit.jupiter.api.Test
    void theServersOwnCallbackIsAccepted() {
        Map<String, String> redirect = oauth.approve(Login.to(baseUrl() + "/oauth/code/callback"));
        assertThat(redirect.get("code")).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = { "someone-else", "" })
    void unknownClientIsRefusedWithoutRedirect(String clientId) {
        Map<String, String> query = new java.util.LinkedHashMap<>(Login.to("http://127.0.0.1:5000/callback").query());
        query.put("client_id", clientId);
        HttpResponse<String> response = oauth.authorize(query);
        assertThat(OAuthClient.location(response)).startsWith(baseUrl() + "/oauth/error?error=invalid_request");
    }
}
