package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient.Login;
import tools.jackson.databind.JsonNode;

/**
 * The issuer is fixed when the server starts ({@code http://127.0.0.1:<port>} here): a request
 * with another {@code Host} header changes neither the metadata, nor which redirect URIs are
 * accepted, nor the verification URI, nor the links the console hands out.
 */
class IssuerTest extends ServerTest {

    private static final String EVIL = "evil.example";

    private RawHttp forged() {
        return new RawHttp(port, EVIL);
    }

    @Test
    void metadataKeepsTheIssuerWhateverTheHost() {
        RawHttp.Answer answer = forged().get("/.well-known/oauth-authorization-server");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode metadata = OAuthClient.JSON.readTree(answer.body());
        assertThat(metadata.get("issuer").asString()).isEqualTo(baseUrl());
        assertThat(metadata.get("authorization_endpoint").asString()).isEqualTo(baseUrl() + "/oauth/authorize");
        assertThat(metadata.get("token_endpoint").asString()).isEqualTo(baseUrl() + "/v1/oauth/token");
        assertThat(answer.body()).doesNotContain(EVIL);
    }

    @Test
    void theForgedHostsCallbackIsNotAnAcceptedRedirectUri() {
        String query = OAuthClient.encodeSingle(Login.to("http://" + EVIL + "/oauth/code/callback").query());
        RawHttp.Answer answer = forged().get("/oauth/authorize?" + query);
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).startsWith(baseUrl() + "/oauth/error?error=invalid_request")
                .doesNotContain("code=");
        // and the server's own callback is still accepted when the request names another host
        assertThat(oauth.approve(Login.to(baseUrl() + "/oauth/code/callback")))
                .containsEntry("iss", baseUrl()).containsKey("code");
    }

    @Test
    void deviceVerificationUriIsUnderTheIssuer() {
        RawHttp.Answer answer = forged().post("/v1/oauth/device/code", "application/x-www-form-urlencoded",
                "client_id=clauth-cli&scope=user%3Ainference");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode device = OAuthClient.JSON.readTree(answer.body());
        assertThat(device.get("verification_uri").asString()).isEqualTo(baseUrl() + "/oauth/device");
        assertThat(device.get("verification_uri_complete").asString()).startsWith(baseUrl() + "/oauth/device?user_code=");
    }

    @Test
    void invitationLinksAreUnderTheIssuer() {
        RawHttp browser = forged();
        Document login = Jsoup.parse(browser.get("/login").body());
        RawHttp.Answer signedIn = browser.post("/login", "application/x-www-form-urlencoded",
                "username=" + enc(EMAIL) + "&password=" + enc(PASSWORD) + "&_csrf="
                        + enc(login.selectFirst("input[name=_csrf]").val()));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("error");
        Document page = Jsoup.parse(browser.get("/console/invitations").body());
        String email = "invitee-" + UUID.randomUUID() + "@example.test";
        RawHttp.Answer invited = browser.post("/console/invitations", "application/x-www-form-urlencoded",
                "emails=" + enc(email) + "&role=developer&_csrf="
                        + enc(page.selectFirst("#invite input[name=_csrf]").val()));
        assertThat(invited.status()).as(invited.body()).isEqualTo(200);
        String link = Jsoup.parse(invited.body()).selectFirst("code.invite-link").text();
        assertThat(link).startsWith(baseUrl() + "/invite?token=clauth_inv_");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
