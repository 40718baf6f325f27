package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.clauth.server.OAuthClient;
import dev.clauth.server.ServerTest;
import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;
import dev.clauth.server.signin.LoginThrottle;
import tools.jackson.databind.JsonNode;

/**
 * The team side of the real server, driven as people and the CLI drive it: a cookie-keeping
 * browser per person for the console, OAuth logins and API calls over HTTP. Each test makes its
 * own organisation, so tests never see each other's members.
 */
abstract class TeamTest extends ServerTest {

    static final String PASSWORD = "a long enough password";

    @Autowired
    AccountStore accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    LoginThrottle throttle;

    @BeforeEach
    void freshBrakes() {
        throttle.reset();
    }

    /** A new organisation of the given type and its owner, signed in to the console. */
    Person newOrganization(String type) {
        String email = "owner-" + UUID.randomUUID() + "@example.test";
        Membership owner = accounts.createOrganizationWithOwner(email, passwords.encode(PASSWORD),
                "Org " + email.substring(6, 12), type);
        return signedIn(email, PASSWORD, owner.organization().uuid());
    }

    Person signedIn(String email, String password, String org) {
        OAuthClient browser = new OAuthClient(baseUrl());
        HttpResponse<String> signIn = browser.signIn(email, password);
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(OAuthClient.location(signIn)).doesNotContain("error").doesNotContain("throttled");
        return new Person(email, password, org, browser);
    }

    /** Invites {@code emails} with {@code role} in the console; answers the page with the links. */
    Document invite(Person admin, String emails, String role) {
        HttpResponse<String> answer = admin.submit("/console/invitations", "invite",
                Map.of("emails", emails, "role", role));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Jsoup.parse(answer.body(), baseUrl());
    }

    static String linkFor(Document invited, String email) {
        Element row = invited.selectFirst("#invited tr[data-email=" + email + "]");
        assertThat(row).as("invitation row for " + email).isNotNull();
        Element link = row.selectFirst("code.invite-link");
        return link == null ? null : link.text();
    }

    /** Follows an invitation link in a new browser and joins with a new password; answers the reply. */
    HttpResponse<String> accept(String link, String password) {
        OAuthClient browser = new OAuthClient(baseUrl());
        HttpResponse<String> page = browser.get(link);
        if (page.statusCode() != 200) {
            return page;
        }
        Element form = Jsoup.parse(page.body(), baseUrl()).getElementById("accept");
        form.select("input[name=password]").val(password);
        form.select("input[name=confirm]").val(password);
        return browser.submit(form);
    }

    /** A new member with {@code role} in the admin's organisation, invited and accepted, signed in. */
    Person member(Person admin, String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.test";
        String link = linkFor(invite(admin, email, role), email);
        HttpResponse<String> joined = accept(link, PASSWORD);
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        assertThat(joined.body()).contains("You joined");
        return signedIn(email, PASSWORD, admin.org());
    }

    /** A full OAuth login of the person (their own browser) with the scopes; answers the token response. */
    JsonNode login(Person person, String scope) {
        OAuthClient.Login login = OAuthClient.Login.to("http://localhost:43210/callback").scope(scope);
        OAuthClient browser = new OAuthClient(baseUrl());
        Document consent = browser.consentPage(login, person.email(), person.password());
        HttpResponse<String> approved = browser.submit(consent.getElementById("approve"));
        String code = OAuthClient.queryOf(OAuthClient.location(approved)).get("code");
        HttpResponse<String> token = browser.tokenForm(OAuthClient.exchange(login, code));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return OAuthClient.json(token);
    }

    String accessToken(Person person, String scope) {
        return login(person, scope).get("access_token").asString();
    }

    HttpResponse<String> createApiKey(String accessToken, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/oauth/claude_cli/create_api_key"))
                .header("Authorization", "Bearer " + accessToken)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return oauth.cliSend(request);
    }

    HttpResponse<String> messageWithKey(String apiKey) {
        return oauth.cliSend(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("x-api-key", apiKey)
                .header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
    }

    HttpResponse<String> messageWithToken(String accessToken) {
        return oauth.cliSend(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("Authorization", "Bearer " + accessToken)
                .header("anthropic-beta", "oauth-2025-04-20")
                .header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
    }

    HttpResponse<String> getWithToken(String path, String accessToken) {
        return oauth.cliSend(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + accessToken).GET());
    }

    /** Creates a key in the console; answers the raw key shown once. */
    String consoleKey(Person person, String kind) {
        HttpResponse<String> created = person.submit("/console/keys", "create-key", Map.of("name", "k", "kind", kind));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return Jsoup.parse(created.body()).getElementById("new-key").text();
    }

    String memberUuid(String email) {
        return jdbc.sql("SELECT uuid FROM account WHERE email = ?").param(email).query(String.class).single();
    }

    /** One person with their own cookie-keeping browser, signed in to the console. */
    record Person(String email, String password, String org, OAuthClient browser) {

        HttpResponse<String> get(String path) {
            return browser.get(path);
        }

        /**
         * Opens {@code page}, fills the form with id {@code formId} (or, when the page has none,
         * posts to {@code page} with only the page's CSRF token) and submits it.
         */
        HttpResponse<String> submit(String page, String formId, Map<String, String> values) {
            HttpResponse<String> shown = browser.get(page);
            Document document = Jsoup.parse(shown.body(), browser.base());
            Element form = formId == null ? null : document.getElementById(formId);
            Map<String, List<String>> fields = new LinkedHashMap<>();
            String action = page;
            if (form != null) {
                for (Element input : form.select("input[name], select[name], textarea[name]")) {
                    fields.computeIfAbsent(input.attr("name"), k -> new ArrayList<>()).add(input.val());
                }
                action = form.attr("action");
            }
            values.forEach((name, value) -> fields.put(name, List.of(value)));
            fields.putIfAbsent("_csrf", List.of(csrf()));
            return browser.postForm(action, fields);
        }

        /** Posts to a console action with the session's CSRF token, as a form on some page would. */
        HttpResponse<String> post(String path, Map<String, String> values) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            values.forEach((name, value) -> fields.put(name, List.of(value)));
            fields.put("_csrf", List.of(csrf()));
            return browser.postForm(path, fields);
        }

        String csrf() {
            Document sessions = Jsoup.parse(browser.get("/console/sessions").body());
            Element token = sessions.selectFirst("input[name=_csrf]");
            assertThat(token).as("a CSRF token on the console").isNotNull();
            return token.val();
        }
    }
}
