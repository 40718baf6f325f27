package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import dev.clauth.core.testing.SecretLedger;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a person's browser and the CLI do against the server, over real HTTP: a cookie-keeping
 * browser that follows the login and consent pages, and plain token-endpoint calls.
 */
public final class OAuthClient {

    public static final String CLIENT_ID = "clauth-cli";
    public static final String ALL_SCOPES = "org:create_api_key user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload";
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Fields of the server's answers that hold a secret: recorded for the suite-wide leak check. */
    private static final List<String> SECRET_FIELDS = List.of("access_token", "refresh_token", "raw_key", "device_code");

    private final String base;
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final HttpClient cli = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public OAuthClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    // ----- PKCE -----

    public static String verifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One login's request: what the CLI would put in the authorization URL. */
    public record Login(String redirectUri, String scope, String state, String verifier, String challengeMethod) {

        public static Login to(String redirectUri) {
            return new Login(redirectUri, ALL_SCOPES, OAuthClient.verifier(), OAuthClient.verifier(), "S256");
        }

        public Login scope(String scope) {
            return new Login(redirectUri, scope, state, verifier, challengeMethod);
        }

        public Map<String, String> query() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("response_type", "code");
            query.put("client_id", CLIENT_ID);
            query.put("redirect_uri", redirectUri);
            query.put("scope", scope);
            query.put("state", state);
            query.put("code_challenge", "plain".equals(challengeMethod) ? verifier : challenge(verifier));
            query.put("code_challenge_method", challengeMethod);
            return query;
        }
    }

    // ----- browser -----

    public HttpResponse<String> get(String pathOrUrl) {
        return send(browser, HttpRequest.newBuilder(uri(pathOrUrl)).GET().build());
    }

    public HttpResponse<String> postForm(String pathOrUrl, Map<String, List<String>> form) {
        return send(browser, HttpRequest.newBuilder(uri(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    public HttpResponse<String> authorize(Map<String, String> query) {
        return get("/oauth/authorize?" + encodeSingle(query));
    }

    /** Signs in on the login page the authorization request led to; answers where sign-in sends the browser. */
    public HttpResponse<String> signIn(String email, String password) {
        Document page = Jsoup.parse(get("/login").body());
        Element form = page.selectFirst("form");
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("username", List.of(email));
        fields.put("password", List.of(SecretLedger.record(password)));
        fields.put("_csrf", List.of(form.selectFirst("input[name=_csrf]").val()));
        return postForm("/login", fields);
    }

    /** Starts a login, signs in, and answers the consent page it reaches. */
    public Document consentPage(Login login, String email, String password) {
        HttpResponse<String> start = authorize(login.query());
        assertThat(start.statusCode()).as("authorize without a session").isEqualTo(302);
        assertThat(location(start)).endsWith("/login");
        HttpResponse<String> signedIn = signIn(email, password);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> resumed = get(location(signedIn));
        assertThat(resumed.statusCode()).as("authorize after sign-in").isEqualTo(302);
        assertThat(location(resumed)).contains("/oauth/consent");
        HttpResponse<String> consent = get(location(resumed));
        assertThat(consent.statusCode()).isEqualTo(200);
        return Jsoup.parse(consent.body(), base);
    }

    /** Submits one of the consent page's forms as a browser would; answers the server's reply. */
    public HttpResponse<String> submit(Element form) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            fields.computeIfAbsent(input.attr("name"), k -> new java.util.ArrayList<>()).add(input.val());
        }
        return postForm(form.attr("action"), fields);
    }

    /** The whole browser part: sign in, approve; answers the redirect's query parameters. */
    public Map<String, String> approve(Login login) {
        Document consent = consentPage(login, ServerTest.EMAIL, ServerTest.PASSWORD);
        HttpResponse<String> approved = submit(consent.getElementById("approve"));
        assertThat(approved.statusCode()).isEqualTo(302);
        String location = location(approved);
        assertThat(location).startsWith(login.redirectUri() + "?");
        return queryOf(location);
    }

    // ----- CLI -----

    public HttpResponse<String> tokenForm(Map<String, String> form) {
        return cliPost("/v1/oauth/token", "application/x-www-form-urlencoded", encodeSingle(form));
    }

    public HttpResponse<String> tokenJson(Map<String, String> body) {
        return cliPost("/v1/oauth/token", "application/json", JSON.writeValueAsString(body));
    }

    public HttpResponse<String> cliPost(String path, String contentType, String body) {
        return send(cli, HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> cliSend(HttpRequest.Builder request) {
        return send(cli, request.build());
    }

    public static Map<String, String> exchange(Login login, String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", login.redirectUri());
        form.put("client_id", CLIENT_ID);
        form.put("code_verifier", login.verifier());
        form.put("state", login.state());
        return form;
    }

    public static Map<String, String> refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", CLIENT_ID);
        return form;
    }

    /** A full login through the browser and a form-encoded exchange; answers the token response. */
    public JsonNode login(Login login) {
        Map<String, String> redirect = approve(login);
        HttpResponse<String> token = tokenForm(exchange(login, redirect.get("code")));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return json(token);
    }

    // ----- helpers -----

    /** The answer's JSON; the secrets in it (tokens, keys, device codes) are recorded in the {@link SecretLedger}. */
    public static JsonNode json(HttpResponse<String> response) {
        JsonNode json = JSON.readTree(response.body());
        for (String field : SECRET_FIELDS) {
            json.findValues(field).forEach(v -> SecretLedger.record(v.isString() ? v.asString() : null));
        }
        return json;
    }

    public static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    public static Map<String, String> queryOf(String url) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    public static String encodeSingle(Map<String, String> values) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        values.forEach((k, v) -> multi.put(k, List.of(v)));
        return encode(multi);
    }

    static String encode(Map<String, List<String>> values) {
        StringJoiner joined = new StringJoiner("&");
        values.forEach((name, list) -> list.forEach(value -> joined.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return joined.toString();
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
