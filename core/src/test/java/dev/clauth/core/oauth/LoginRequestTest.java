package dev.clauth.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.testing.StandInServer;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginRequestTest {

    private final AuthorizationServer server = new AuthorizationServer("http://127.0.0.1:8765",
            URI.create("http://127.0.0.1:8765/oauth/authorize"), URI.create("http://127.0.0.1:8765/v1/oauth/token"),
            Optional.empty());

    @Test
    void browserUrlCarriesEveryParameterOfTheReference() {
        LoginRequest request = LoginRequest.create(server, "clauth-cli", LoginRequest.CLAUDE_AI_SCOPES,
                Optional.of("me@example.com"), true);
        URI url = request.authorizationUrl(LoginRequest.loopbackRedirect(40123));

        assertThat(url.getPath()).isEqualTo("/oauth/authorize");
        Map<String, String> q = StandInServer.parseForm(url.getRawQuery());
        assertThat(q).containsEntry("response_type", "code")
                .containsEntry("client_id", "clauth-cli")
                .containsEntry("redirect_uri", "http://127.0.0.1:40123/callback")
                .containsEntry("scope", "org:create_api_key user:profile user:inference user:sessions:claude_code"
                        + " user:mcp_servers user:file_upload")
                .containsEntry("code_challenge", request.pkce().challenge().getValue())
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("state", request.state().getValue())
                .containsEntry("login_hint", "me@example.com")
                .containsEntry("login_method", "sso");
    }

    @Test
    void printedUrlRedirectsToTheServersManualPageWithTheSameChallengeAndState() {
        LoginRequest request = LoginRequest.create(server, "clauth-cli", LoginRequest.CLAUDE_AI_SCOPES,
                Optional.empty(), false);
        Map<String, String> browser = StandInServer.parseForm(
                request.authorizationUrl(LoginRequest.loopbackRedirect(1)).getRawQuery());
        Map<String, String> manual = StandInServer.parseForm(request.authorizationUrl(request.manualRedirect()).getRawQuery());

        assertThat(manual.get("redirect_uri")).isEqualTo("http://127.0.0.1:8765/oauth/code/callback");
        assertThat(manual.get("state")).isEqualTo(browser.get("state"));
        assertThat(manual.get("code_challenge")).isEqualTo(browser.get("code_challenge"));
        assertThat(manual).doesNotContainKeys("login_hint", "login_method");
    }
}
