package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The device authorization grant (RFC 8628, issue 5) against the real server: the device
 * endpoint, polling with {@code authorization_pending} and {@code slow_down}, the verification
 * page a signed-in person uses to approve or deny, expiry, and the tokens at the end.
 */
class DeviceFlowTest extends ServerTest {

    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private JsonNode start(String scope) {
        HttpResponse<String> response = oauth.cliPost("/v1/oauth/device/code", "application/x-www-form-urlencoded",
                OAuthClient.encodeSingle(Map.of("client_id", "clauth-cli", "scope", scope)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OAuthClient.json(response);
    }

    private HttpResponse<String> poll(String deviceCode, String... extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", DEVICE_GRANT);
        form.put("device_code", deviceCode);
        form.put("client_id", "clauth-cli");
        for (int i = 0; i < extra.length; i += 2) {
            form.put(extra[i], extra[i + 1]);
        }
        return oauth.tokenForm(form);
    }

    private static String error(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return OAuthClient.json(response).get("error").asString();
    }

    /** A person's browser: signs in at the verification page, enters the code; answers the page it reaches. */
    static HttpResponse<String> enterCode(OAuthClient browser, String userCode) {
        HttpResponse<String> page = browser.get("/oauth/device");
        if (page.statusCode() == 302) {
            assertThat(OAuthClient.location(page)).endsWith("/login");
            HttpResponse<String> signedIn = browser.signIn(EMAIL, PASSWORD);
            assertThat(signedIn.statusCode()).isEqualTo(302);
            page = browser.get(OAuthClient.location(signedIn));
        }
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Element form = Jsoup.parse(page.body(), browser.base()).getElementById("code-form");
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            fields.put(input.attr("name"), List.of(input.attr("name").equals("user_code") ? userCode : input.val()));
        }
        return browser.postForm(form.attr("action"), fields);
    }

    /** Enters the code and answers the consent page it leads to. */
    static Document consent(OAuthClient browser, String userCode) {
        HttpResponse<String> entered = enterCode(browser, userCode);
        assertThat(entered.statusCode()).as(entered.body()).isEqualTo(302);
        assertThat(OAuthClient.location(entered)).contains("/oauth/consent");
        HttpResponse<String> consent = browser.get(OAuthClient.location(entered));
        assertThat(consent.statusCode()).isEqualTo(200);
        return Jsoup.parse(consent.body(), browser.base());
    }

    static HttpResponse<String> decide(OAuthClient browser, String userCode, String button) {
        Document page = consent(browser, userCode);
        HttpResponse<String> decided = browser.submit(page.getElementById(button));
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(302);
        return browser.get(OAuthClient.location(decided));
    }

    @Test
    void metadataAdvertisesTheDeviceEndpointAndGrant() {
        JsonNode metadata = OAuthClient.json(oauth.get("/.well-known/oauth-authorization-server"));
        assertThat(metadata.get("device_authorization_endpoint").asString())
                .isEqualTo(baseUrl() + "/v1/oauth/device/code");
        assertThat(metadata.get("grant_types_supported").toString()).contains(DEVICE_GRANT);
    }

    @Test
    void deviceAuthorizationAnswersAShortCodeAndWhereToEnterIt() {
        JsonNode answer = start("user:inference user:profile");
        assertThat(answer.get("device_code").asString()).startsWith("clauth_dc_");
        assertThat(answer.get("user_code").asString()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(answer.get("verification_uri").asString()).isEqualTo(baseUrl() + "/oauth/device");
        assertThat(answer.get("verification_uri_complete").asString())
                .isEqualTo(baseUrl() + "/oauth/device?user_code=" + answer.get("user_code").asString());
        assertThat(answer.get("expires_in").asLong()).isBetween(595L, 600L);
        assertThat(answer.get("interval").asInt()).isEqualTo(5);

        HttpResponse<String> json = oauth.cliPost("/v1/oauth/device/code", "application/json",
                "{\"client_id\":\"clauth-cli\",\"scope\":\"user:inference\"}");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);

        HttpResponse<String> unknownClient = oauth.cliPost("/v1/oauth/device/code", "application/x-www-form-urlencoded",
                "client_id=someone-else&scope=user:inference");
        assertThat(unknownClient.statusCode()).isEqualTo(401);
        HttpResponse<String> badScope = oauth.cliPost("/v1/oauth/device/code", "application/x-www-form-urlencoded",
                "client_id=clauth-cli&scope=admin:everything");
        assertThat(error(badScope)).isEqualTo("invalid_scope");
    }

    @Test
    void pollingPendingThenSlowDownThenApprovedGivesTokens() {
        clock.freeze(); // the time between polls is what the test shifts, however slow the requests are
        JsonNode device = start("user:inference user:profile user:sessions:claude_code");
        String deviceCode = device.get("device_code").asString();

        assertThat(error(poll(deviceCode))).isEqualTo("authorization_pending");
        HttpResponse<String> tooSoon = poll(deviceCode);
        assertThat(error(tooSoon)).isEqualTo("slow_down");
        assertThat(OAuthClient.json(tooSoon).get("error_description").asString()).contains("10 seconds");
        clock.shift(Duration.ofSeconds(6));
        HttpResponse<String> stillTooSoon = poll(deviceCode);
        assertThat(error(stillTooSoon)).as("the interval is now 10 s").isEqualTo("slow_down");
        assertThat(OAuthClient.json(stillTooSoon).get("error_description").asString()).contains("15 seconds");
        clock.shift(Duration.ofSeconds(16));
        assertThat(error(poll(deviceCode))).isEqualTo("authorization_pending");

        HttpResponse<String> done = decide(new OAuthClient(baseUrl()), device.get("user_code").asString(), "approve");
        assertThat(Jsoup.parse(done.body()).getElementById("result").text()).contains("approved");

        clock.shift(Duration.ofSeconds(16));
        double issuedBefore = Metrics.count(oauth, "clauth.token.requests", "grant_type:device_code", "outcome:issued");
        HttpResponse<String> tokens = poll(deviceCode);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode token = OAuthClient.json(tokens);
        assertThat(token.get("access_token").asString()).startsWith("clauth_at_");
        assertThat(token.get("refresh_token").asString()).startsWith("clauth_rt_");
        assertThat(token.get("expires_in").asLong()).isBetween(28790L, 28800L);
        assertThat(List.of(token.get("scope").asString().split(" ")))
                .containsExactlyInAnyOrder("user:inference", "user:profile", "user:sessions:claude_code");
        assertThat(token.get("account").get("email_address").asString()).isEqualTo(EMAIL);
        assertThat(token.get("organization").get("organization_type").asString()).isEqualTo("claude_max");
        assertThat(Metrics.count(oauth, "clauth.token.requests", "grant_type:device_code", "outcome:issued"))
                .isEqualTo(issuedBefore + 1);

        // the device code is used up; the tokens refresh like any others
        clock.shift(Duration.ofSeconds(40));
        assertThat(error(poll(deviceCode))).isEqualTo("invalid_grant");
        assertThat(oauth.tokenForm(OAuthClient.refresh(token.get("refresh_token").asString())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void deniedOnThePageGivesAccessDenied() {
        JsonNode device = start("user:inference");
        HttpResponse<String> done = decide(new OAuthClient(baseUrl()), device.get("user_code").asString(), "deny");
        assertThat(Jsoup.parse(done.body()).getElementById("result").text()).contains("Nothing was shared");
        assertThat(error(poll(device.get("device_code").asString()))).isEqualTo("access_denied");
    }

    @Test
    void anExpiredDeviceCodeGivesExpiredToken() {
        clock.shift(Duration.ofSeconds(-601));
        JsonNode device = start("user:inference");
        clock.reset();
        assertThat(error(poll(device.get("device_code").asString()))).isEqualTo("expired_token");
        // nor can its user code still be approved
        HttpResponse<String> entered = enterCode(new OAuthClient(baseUrl()), device.get("user_code").asString());
        assertThat(OAuthClient.location(entered)).endsWith("/oauth/device?error=invalid_code");
    }

    @Test
    void wrongOrUsedUserCodesAreRefusedOnThePage() {
        OAuthClient browser = new OAuthClient(baseUrl());
        HttpResponse<String> wrong = enterCode(browser, "BBBB-BBBB");
        assertThat(wrong.statusCode()).isEqualTo(302);
        assertThat(OAuthClient.location(wrong)).endsWith("/oauth/device?error=invalid_code");
        HttpResponse<String> page = browser.get(OAuthClient.location(wrong));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(page.body()).getElementById("error").text()).contains("not valid");
        assertThat(Jsoup.parse(page.body()).getElementById("code-form")).isNotNull();

        JsonNode device = start("user:inference");
        String userCode = device.get("user_code").asString();
        decide(browser, userCode, "approve");
        // lower case and without the dash is the same code; once approved it is used
        HttpResponse<String> used = enterCode(browser, userCode.toLowerCase().replace("-", ""));
        assertThat(OAuthClient.location(used)).endsWith("/oauth/device?error=invalid_code");
    }

    @Test
    void theCompleteVerificationUriLeadsThroughSignInToTheConsentPage() {
        JsonNode device = start("user:inference");
        OAuthClient browser = new OAuthClient(baseUrl());
        HttpResponse<String> first = browser.get(device.get("verification_uri_complete").asString());
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(OAuthClient.location(first)).endsWith("/login");
        HttpResponse<String> signedIn = browser.signIn(EMAIL, PASSWORD);
        HttpResponse<String> resumed = browser.get(OAuthClient.location(signedIn));
        assertThat(resumed.statusCode()).isEqualTo(302);
        assertThat(OAuthClient.location(resumed)).contains("/oauth/consent").contains("user_code=");
        Document consent = Jsoup.parse(browser.get(OAuthClient.location(resumed)).body(), baseUrl());
        assertThat(consent.getElementById("user-code").text()).isEqualTo(device.get("user_code").asString());
        assertThat(consent.text()).contains("clauth-cli", "Send messages to the models on your behalf");
    }

    @Test
    void consentWithoutCsrfTokenIsRefused() {
        JsonNode device = start("user:inference");
        OAuthClient browser = new OAuthClient(baseUrl());
        Document page = consent(browser, device.get("user_code").asString());
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element input : page.getElementById("approve").select("input[name]")) {
            if (!input.attr("name").equals("_csrf")) {
                fields.put(input.attr("name"), List.of(input.val()));
            }
        }
        assertThat(browser.postForm("/oauth/device", fields).statusCode()).isEqualTo(403);
        assertThat(error(poll(device.get("device_code").asString()))).isEqualTo("authorization_pending");
    }

    @Test
    void setupTokenOverTheDeviceFlowHonoursExpiresInForInferenceOnly() {
        JsonNode inferenceOnly = start("user:inference");
        decide(new OAuthClient(baseUrl()), inferenceOnly.get("user_code").asString(), "approve");
        HttpResponse<String> longLived = poll(inferenceOnly.get("device_code").asString(), "expires_in", "31536000");
        assertThat(longLived.statusCode()).as(longLived.body()).isEqualTo(200);
        assertThat(OAuthClient.json(longLived).get("expires_in").asLong()).isBetween(31535990L, 31536000L);
        assertThat(OAuthClient.json(longLived).get("scope").asString()).isEqualTo("user:inference");

        JsonNode wider = start("user:inference user:profile");
        decide(new OAuthClient(baseUrl()), wider.get("user_code").asString(), "approve");
        HttpResponse<String> standard = poll(wider.get("device_code").asString(), "expires_in", "31536000");
        assertThat(OAuthClient.json(standard).get("expires_in").asLong()).isBetween(28790L, 28800L);
    }

    @Test
    void deviceAndUserCodesAreStoredOnlyAsHashes() {
        JsonNode device = start("user:inference");
        StringBuilder dump = new StringBuilder();
        jdbc.sql("SELECT * FROM OAUTH_AUTHORIZATION").query().listOfRows().forEach(row -> dump.append(row).append('\n'));
        assertThat(dump.toString()).doesNotContain(device.get("device_code").asString())
                .doesNotContain(device.get("user_code").asString())
                .contains(dev.clauth.server.oauth.TokenHash.of(device.get("user_code").asString()));
    }
}
