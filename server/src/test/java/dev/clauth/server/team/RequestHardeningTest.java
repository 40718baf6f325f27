package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.clauth.core.testing.Poll;
import dev.clauth.server.OAuthClient;
import dev.clauth.server.OAuthClient.Login;
import dev.clauth.server.RawHttp;
import dev.clauth.server.ServerTest;
import tools.jackson.databind.JsonNode;

/**
 * SECURITY.md: oversized and malformed bodies get the protocol's error answer, never a 500 or a
 * stack trace; an expired refresh token is refused; no token or key is ever put in a URL; no
 * parameter or path makes the server redirect, or link, to another site.
 */
class RequestHardeningTest extends TeamTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";
    private static final tools.jackson.databind.json.JsonMapper JSON_READER = tools.jackson.databind.json.JsonMapper.builder().build();

    /** Bodies no client should send: too big, bad JSON, JSON that is no object, bad form encoding, bytes. */
    private static Map<String, byte[]> badBodies(String validForm) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put(FORM + " oversized", (validForm + "&pad=" + "a".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8));
        bodies.put(JSON + " truncated", "{\"client_id\":\"clauth-cli\",".getBytes(StandardCharsets.UTF_8));
        bodies.put(JSON + " array", "[\"client_id\",\"clauth-cli\"]".getBytes(StandardCharsets.UTF_8));
        bodies.put(JSON + " nested", "{\"client_id\":{\"a\":[1,2]}}".getBytes(StandardCharsets.UTF_8));
        bodies.put(FORM + " bad encoding", (validForm + "&x=%zz%").getBytes(StandardCharsets.UTF_8));
        bodies.put(FORM + " binary", new byte[] { 0, (byte) 0xff, (byte) 0xfe, '%', 0x7f, '=', '&', '=' });
        return bodies;
    }

    private static void assertNoStackTrace(String what, RawHttp.Answer answer) {
        assertThat(answer.status()).as(what + ": " + answer.body()).isBetween(400, 499);
        assertThat(answer.body()).as(what).doesNotContain("Exception", "\tat ", "org.springframework", "org.apache");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/oauth/device/code", "/v1/oauth/token/revoke", "/v1/oauth/token" })
    void malformedBodiesAtTheOAuthEndpointsGetInvalidRequest(String path) {
        badBodies("client_id=clauth-cli&scope=user%3Ainference&token=x").forEach((name, body) -> {
            RawHttp.Answer answer = new RawHttp(port, "127.0.0.1").send("POST", path, name.split(" ")[0], body);
            assertNoStackTrace(path + " " + name, answer);
            JsonNode error = JSON_READER.readTree(answer.body());
            assertThat(error.get("error").asString()).as(path + " " + name).isIn("invalid_request", "invalid_client");
        });
    }

    @Test
    void malformedBodiesAtTheSessionsApiGetAnApiError() {
        String token = oauth.login(Login.to("http://localhost:44101/callback")).get("access_token").asString();
        badBodies("title=x").forEach((name, body) -> {
            if (name.endsWith("nested")) {
                return; // a JSON object with an unknown field is a valid request here
            }
            RawHttp.Answer answer = api(token, name.split(" ")[0], body);
            assertNoStackTrace("/v1/sessions " + name, answer);
            JsonNode error = JSON_READER.readTree(answer.body());
            if (name.startsWith(FORM)) {
                // Left: a form body the servlet container cannot parse (too big, bad encoding) is
                // refused before the API sees it, with Spring Boot's own JSON error (4xx, no trace)
                // rather than the Messages API's error shape.
                assertThat(error.get("status").asInt()).isEqualTo(answer.status());
                return;
            }
            assertThat(error.get("type")).as(name + ": " + answer.body()).isNotNull();
            assertThat(error.get("type").asString()).isEqualTo("error");
            assertThat(error.get("error").get("type").asString()).as(name)
                    .isIn("invalid_request_error", "request_too_large");
        });
    }

    @Test
    void malformedConsoleFormsAreRefusedPlainly() {
        Person owner = newOrganization("claude_team");
        RawHttp browser = new RawHttp(port, "127.0.0.1");
        var login = Jsoup.parse(browser.get("/login").body());
        browser.post("/login", FORM, "username=" + enc(owner.email()) + "&password=" + enc(PASSWORD)
                + "&_csrf=" + enc(login.selectFirst("input[name=_csrf]").val()));
        String csrf = enc(Jsoup.parse(browser.get("/console/keys").body()).selectFirst("#create-key input[name=_csrf]").val());
        int keysBefore = keyCount(owner.org());
        for (String body : List.of("_csrf=" + csrf + "&name=" + "n".repeat(100 * 1024) + "&kind=general",
                "_csrf=" + csrf + "&name=%zz%&kind=general", "_csrf=" + csrf + "&kind=no-such-kind",
                "_csrf=" + csrf + "&name=" + "n".repeat(5000) + "&kind=general", "_csrf=" + csrf + "&\u0000=%%%")) {
            RawHttp.Answer answer = browser.post("/console/keys", FORM, body);
            assertNoStackTrace("/console/keys " + body.substring(0, Math.min(60, body.length())), answer);
        }
        assertThat(keyCount(owner.org())).isEqualTo(keysBefore);
    }

    @Test
    void anExpiredRefreshTokenIsRefused() {
        JsonNode tokens = oauth.login(Login.to("http://localhost:44102/callback"));
        clock.shift(Duration.ofDays(90).plusMinutes(1));
        HttpResponse<String> refused = oauth.tokenForm(OAuthClient.refresh(tokens.get("refresh_token").asString()));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(OAuthClient.json(refused).get("error").asString()).isEqualTo("invalid_grant");
        assertThat(refused.body()).doesNotContain(tokens.get("refresh_token").asString());
    }

    @Test
    void noIssuedSecretEverAppearsInAUrl() {
        List<HttpResponse<String>> seen = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        // a whole code-flow login, through the server's own callback page
        OAuthClient browser = new OAuthClient(baseUrl());
        Login login = Login.to(baseUrl() + "/oauth/code/callback");
        var consent = browser.consentPage(login, ServerTest.EMAIL, ServerTest.PASSWORD);
        HttpResponse<String> approved = browser.submit(consent.getElementById("approve"));
        seen.add(approved);
        seen.add(browser.get(OAuthClient.location(approved)));
        HttpResponse<String> exchanged = browser.tokenForm(OAuthClient.exchange(login,
                OAuthClient.queryOf(OAuthClient.location(approved)).get("code")));
        JsonNode code = OAuthClient.json(exchanged);
        secrets.add(code.get("access_token").asString());
        secrets.add(code.get("refresh_token").asString());
        HttpResponse<String> refreshed = browser.tokenForm(OAuthClient.refresh(code.get("refresh_token").asString()));
        secrets.add(OAuthClient.json(refreshed).get("access_token").asString());
        secrets.add(OAuthClient.json(refreshed).get("refresh_token").asString());
        // a device login, approved in the browser
        Person owner = newOrganization("claude_team");
        JsonNode device = OAuthClient.json(oauth.cliPost("/v1/oauth/device/code", FORM,
                "client_id=clauth-cli&scope=user%3Ainference+user%3Aprofile"));
        seen.add(owner.get(device.get("verification_uri_complete").asString()));
        HttpResponse<String> entered = seen.getLast();
        if (entered.statusCode() == 302) {
            seen.add(owner.get(OAuthClient.location(entered)));
        }
        var deviceConsent = Jsoup.parse(seen.getLast().body(), baseUrl());
        HttpResponse<String> decided = owner.browser().submit(deviceConsent.getElementById("approve"));
        seen.add(decided);
        seen.add(owner.get(OAuthClient.location(decided)));
        HttpResponse<String> polled = oauth.tokenForm(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", device.get("device_code").asString(), "client_id", "clauth-cli"));
        assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
        secrets.add(OAuthClient.json(polled).get("access_token").asString());
        secrets.add(OAuthClient.json(polled).get("refresh_token").asString());
        // an API key made in the console
        HttpResponse<String> created = owner.submit("/console/keys", "create-key", Map.of("name", "laptop", "kind", "general"));
        seen.add(created);
        if (created.statusCode() == 302) {
            created = owner.get(OAuthClient.location(created));
            seen.add(created);
        }
        Element shown = Jsoup.parse(created.body()).getElementById("new-key");
        assertThat(shown).as("the new key is shown once").isNotNull();
        secrets.add(shown.text());
        for (String page : List.of("/console", "/console/keys", "/console/sessions", "/console/audit")) {
            seen.add(owner.get(page));
        }
        assertThat(secrets).allSatisfy(secret -> assertThat(secret).matches("clauth_(at|rt|sk)_\\S{20,}"));

        for (HttpResponse<String> response : seen) {
            List<String> urls = new ArrayList<>(response.headers().allValues("Location"));
            urls.add(response.uri().toString());
            for (Element linked : Jsoup.parse(response.body()).select("[href], [src], [action], meta[content]")) {
                urls.add(linked.attr("href") + " " + linked.attr("src") + " " + linked.attr("action") + " " + linked.attr("content"));
            }
            for (String secret : secrets) {
                assertThat(urls).as("URLs of " + response.uri()).noneSatisfy(url -> assertThat(url).contains(secret));
            }
        }
    }

    @Test
    void noParameterOrPathRedirectsOrLinksToAnotherSite() {
        List<String> attempts = List.of("/login?continue=https://evil.example/", "/login?next=//evil.example/",
                "/login?redirect=https://evil.example/", "/login?redirect_uri=https://evil.example/",
                "/oauth/error?error=invalid_request&redirect_uri=https://evil.example/",
                "/oauth/error?error=invalid_request&continue=https://evil.example/&next=//evil.example",
                "/oauth/code/success?redirect=https://evil.example/", "//evil.example/", "//evil.example/login",
                "///evil.example/", "/\\evil.example/", "/%2F%2Fevil.example/", "/console?continue=https://evil.example/");
        for (String path : attempts) {
            RawHttp anonymous = new RawHttp(port, "127.0.0.1");
            RawHttp.Answer answer = anonymous.get(path);
            assertStaysHere(path, answer);
            // and once signed in, through the sign-in page that request led to
            if (answer.status() == 302 && answer.header("Location").endsWith("/login")) {
                var login = Jsoup.parse(anonymous.get("/login").body());
                RawHttp.Answer signedIn = anonymous.post("/login", FORM, "username=" + enc(ServerTest.EMAIL)
                        + "&password=" + enc(ServerTest.PASSWORD) + "&_csrf=" + enc(login.selectFirst("input[name=_csrf]").val()));
                assertStaysHere(path + " after sign-in", signedIn);
            }
        }
        // a signed-in person following such links
        Person owner = newOrganization("claude_team");
        for (String path : List.of("/console?continue=https://evil.example/", "/console/keys?next=//evil.example",
                "/oauth/device?done=approved&redirect=https://evil.example/", "/logout?continue=https://evil.example/")) {
            HttpResponse<String> answer = owner.get(path);
            assertThat(answer.headers().firstValue("Location").orElse("")).as(path).doesNotContain("evil.example");
            assertThat(links(answer.body())).as(path).noneSatisfy(link -> assertThat(link).contains("evil.example"));
        }
    }

    private void assertStaysHere(String what, RawHttp.Answer answer) {
        assertThat(answer.status()).as(what).isNotEqualTo(500);
        String location = answer.header("Location");
        if (location != null) {
            URI target = URI.create(baseUrl() + "/").resolve(URI.create(location.replace("\\", "%5C")));
            assertThat(target.getHost()).as(what + " → " + location).isEqualTo("127.0.0.1");
        }
        assertThat(links(answer.body())).as(what).noneSatisfy(link -> assertThat(link).contains("evil.example"));
    }

    private static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        for (Element linked : Jsoup.parse(html).select("[href], [src], [action], meta[http-equiv]")) {
            links.add(linked.attr("href") + linked.attr("src") + linked.attr("action") + linked.attr("content"));
        }
        return links;
    }

    private RawHttp.Answer api(String token, String contentType, byte[] body) {
        String head = "POST /v1/sessions HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nanthropic-beta: oauth-2025-04-20\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) Poll.SAFETY_NET.toMillis()); // a safety net for a hung answer
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                socket.getOutputStream().write(body);
            } catch (java.io.IOException answeredEarly) {
                // refused before the whole body was read
            }
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            return new RawHttp.Answer(Integer.parseInt(raw.split(" ")[1]), Map.of(), raw.substring(end + 4));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int keyCount(String org) {
        return jdbc.sql("SELECT COUNT(*) FROM api_key WHERE organization_uuid = ?").param(org).query(Integer.class).single();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
