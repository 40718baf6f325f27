package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.clauth.server.OAuthClient;
import dev.clauth.server.ServerTest;

/**
 * SECURITY.md: every form of the pages and the console refuses a POST without a valid CSRF token
 * (nothing in the database changes), and every HTML page refuses to be framed.
 */
class CsrfAndFramingTest extends TeamTest {

    /** One POST a form would send: whose browser, where, with which fields (the CSRF token left out). */
    record Attempt(OAuthClient browser, String path, Map<String, List<String>> fields) {
    }

    static Stream<Arguments> everyForm() {
        List<Arguments> forms = new ArrayList<>();
        forms.add(Arguments.of("sign-in", (Function<CsrfAndFramingTest, Attempt>) t -> {
            Person owner = t.newOrganization("claude_team");
            OAuthClient browser = new OAuthClient(t.baseUrl());
            browser.get("/login");
            return new Attempt(browser, "/login", fields("username", owner.email(), "password", PASSWORD));
        }));
        forms.add(Arguments.of("consent (code flow)", (Function<CsrfAndFramingTest, Attempt>) t -> {
            OAuthClient browser = new OAuthClient(t.baseUrl());
            Document consent = browser.consentPage(OAuthClient.Login.to("http://localhost:43301/callback"),
                    ServerTest.EMAIL, ServerTest.PASSWORD);
            return formOf(browser, consent.getElementById("approve"));
        }));
        forms.add(Arguments.of("device code entry", (Function<CsrfAndFramingTest, Attempt>) t -> {
            Person owner = t.newOrganization("claude_team");
            String userCode = t.deviceUserCode();
            owner.get("/oauth/device");
            return new Attempt(owner.browser(), "/oauth/device", fields("user_code", userCode));
        }));
        forms.add(Arguments.of("device consent", (Function<CsrfAndFramingTest, Attempt>) t -> {
            Person owner = t.newOrganization("claude_team");
            String userCode = t.deviceUserCode();
            Document page = Jsoup.parse(owner.get("/oauth/device").body(), t.baseUrl());
            Map<String, List<String>> entry = fields("user_code", userCode);
            entry.put("_csrf", List.of(page.selectFirst("#code-form input[name=_csrf]").val()));
            HttpResponse<String> entered = owner.browser().postForm("/oauth/device", entry);
            assertThat(OAuthClient.location(entered)).contains("/oauth/consent");
            Document consent = Jsoup.parse(owner.get(OAuthClient.location(entered)).body(), t.baseUrl());
            return formOf(owner.browser(), consent.getElementById("approve"));
        }));
        forms.add(Arguments.of("invitation acceptance", (Function<CsrfAndFramingTest, Attempt>) t -> {
            Person owner = t.newOrganization("claude_team");
            String email = "csrf-" + UUID.randomUUID() + "@example.test";
            String link = linkFor(t.invite(owner, email, "developer"), email);
            OAuthClient browser = new OAuthClient(t.baseUrl());
            Document page = Jsoup.parse(browser.get(link).body(), t.baseUrl());
            Attempt attempt = formOf(browser, page.getElementById("accept"));
            attempt.fields().put("password", List.of(PASSWORD));
            attempt.fields().put("confirm", List.of(PASSWORD));
            return attempt;
        }));
        forms.add(console("password", t -> "/console/password",
                "current", PASSWORD, "password", "a brand new password", "confirm", "a brand new password"));
        forms.add(console("organization switch", t -> "/console/organization", "organization", "{other-org}"));
        forms.add(console("member role", t -> "/console/members/{member}/role", "role", "member"));
        forms.add(console("member removal", t -> "/console/members/{member}/remove"));
        forms.add(console("invite", t -> "/console/invitations", "emails", "x-" + UUID.randomUUID() + "@example.test",
                "role", "developer"));
        forms.add(console("invitation withdrawal", t -> "/console/invitations/{invitation}/revoke"));
        forms.add(console("key creation", t -> "/console/keys", "name", "ci", "kind", "general"));
        forms.add(console("key revocation", t -> "/console/keys/{key}/revoke"));
        forms.add(console("session revocation", t -> "/console/sessions/{session}/revoke"));
        forms.add(console("all sessions revocation", t -> "/console/sessions/revoke-all"));
        forms.add(console("sign-out", t -> "/logout"));
        return forms.stream();
    }

    /** A console form of a signed-in owner whose organisation has a member, a key, an invitation and a login. */
    private static Arguments console(String name, Function<CsrfAndFramingTest, String> path, String... values) {
        return Arguments.of("console " + name, (Function<CsrfAndFramingTest, Attempt>) t -> {
            Person owner = t.newOrganization("claude_team");
            Person member = t.member(owner, "developer");
            String email = "pending-" + UUID.randomUUID() + "@example.test";
            t.invite(owner, email, "developer");
            HttpResponse<String> key = owner.submit("/console/keys", "create-key", Map.of("name", "k", "kind", "general"));
            assertThat(key.statusCode()).as(key.body()).isLessThan(400);
            t.login(owner, "user:inference user:profile");
            String other = t.newOrganization("claude_team").org();
            t.jdbc.sql("INSERT INTO membership (account_uuid, organization_uuid, role, created_at) "
                    + "SELECT account_uuid, ?, 'developer', created_at FROM membership WHERE organization_uuid = ? AND role = 'owner'")
                    .param(other).param(owner.org()).update();
            String target = path.apply(t)
                    .replace("{member}", t.memberUuid(member.email()))
                    .replace("{invitation}", t.jdbc.sql("SELECT id FROM invitation WHERE email = ?").param(email)
                            .query(String.class).single())
                    .replace("{key}", t.jdbc.sql("SELECT id FROM api_key WHERE organization_uuid = ?").param(owner.org())
                            .query(String.class).list().getFirst())
                    .replace("{session}", Jsoup.parse(owner.get("/console/sessions").body())
                            .select("form[action~=/console/sessions/[^/]+/revoke$]").getFirst().attr("action")
                            .replaceAll(".*/console/sessions/([^/]+)/revoke$", "$1"));
            Map<String, List<String>> form = fields(values);
            form.replaceAll((k, v) -> v.equals(List.of("{other-org}")) ? List.of(other) : v);
            return new Attempt(owner.browser(), target, form);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyForm")
    void postWithoutOrWithAForgedCsrfTokenIsRefusedAndChangesNothing(String name, Function<CsrfAndFramingTest, Attempt> form) {
        Attempt attempt = form.apply(this);
        String before = database();
        HttpResponse<String> without = attempt.browser().postForm(attempt.path(), attempt.fields());
        assertThat(without.statusCode()).as(name + " without a token").isEqualTo(403);
        assertThat(without.headers().firstValue("Location")).as(name).isEmpty();
        assertThat(database()).as(name + ": nothing changed").isEqualTo(before);

        Map<String, List<String>> forged = new LinkedHashMap<>(attempt.fields());
        forged.put("_csrf", List.of("forged-" + UUID.randomUUID()));
        assertThat(attempt.browser().postForm(attempt.path(), forged).statusCode()).as(name + " forged").isEqualTo(403);
        assertThat(database()).as(name + ": nothing changed").isEqualTo(before);
    }

    @Test
    void everyHtmlPageRefusesToBeFramed() {
        Person owner = newOrganization("claude_team");
        Person member = member(owner, "member");
        String email = "frame-" + UUID.randomUUID() + "@example.test";
        String link = linkFor(invite(owner, email, "developer"), email);
        OAuthClient anonymous = new OAuthClient(baseUrl());
        Map<String, HttpResponse<String>> pages = new LinkedHashMap<>();
        for (String path : List.of("/login", "/login?error", "/oauth/code/callback?code=a&state=b", "/oauth/code/success",
                "/oauth/error?error=invalid_request", "/no/such/page", "/invite?token=clauth_inv_unknown")) {
            pages.put("anonymous " + path, anonymous.get(path));
        }
        pages.put("invitation", anonymous.get(link));
        for (String path : List.of("/", "/console", "/console/members", "/console/invitations", "/console/keys",
                "/console/sessions", "/console/audit", "/console/password", "/oauth/device",
                "/oauth/device?done=approved", "/oauth/device?error=invalid_code", "/console/no-such-page")) {
            pages.put("owner " + path, owner.get(path));
        }
        pages.put("refused (member at /console/members)", member.get("/console/members"));
        OAuthClient browser = new OAuthClient(baseUrl());
        browser.consentPage(OAuthClient.Login.to("http://localhost:43302/callback"), ServerTest.EMAIL, ServerTest.PASSWORD);
        pages.put("consent", browser.get(OAuthClient.location(
                browser.authorize(OAuthClient.Login.to("http://localhost:43302/callback").query()))));
        pages.put("form without token", owner.browser().postForm("/console/keys", fields("name", "x")));

        assertThat(pages.get("refused (member at /console/members)").statusCode()).isEqualTo(403);
        assertThat(pages.get("owner /console/no-such-page").statusCode()).isEqualTo(404);
        pages.forEach((name, page) -> {
            assertThat(page.headers().firstValue("X-Frame-Options")).as(name).hasValue("DENY");
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(name)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        });
    }

    private String deviceUserCode() {
        HttpResponse<String> started = oauth.cliPost("/v1/oauth/device/code", "application/x-www-form-urlencoded",
                "client_id=clauth-cli&scope=user%3Ainference");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return OAuthClient.json(started).get("user_code").asString();
    }

    private static Attempt formOf(OAuthClient browser, Element form) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            if (!input.attr("name").equals("_csrf")) {
                fields.computeIfAbsent(input.attr("name"), k -> new ArrayList<>()).add(input.val());
            }
        }
        return new Attempt(browser, form.attr("action"), fields);
    }

    private static Map<String, List<String>> fields(String... values) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i += 2) {
            fields.put(values[i], new ArrayList<>(List.of(values[i + 1])));
        }
        return fields;
    }

    /** Every row the server keeps, but the guessing brakes (a refused form counts no guess either way). */
    private String database() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("organization", "account", "membership", "oauth_authorization",
                "oauth_retired_refresh_token", "invitation", "api_key", "audit_event", "remote_session")) {
            for (Map<String, Object> row : jdbc.sql("SELECT * FROM " + table).query().listOfRows()) {
                row.forEach((column, value) -> all.append(column).append('=')
                        .append(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value).append(';'));
                all.append('\n');
            }
        }
        return all.toString();
    }
}
