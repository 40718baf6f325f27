package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient;
import tools.jackson.databind.JsonNode;

/** Who may create which API keys, by the CLI's endpoint and in the console, and what a key may do. */
class ApiKeyRulesTest extends TeamTest {

    private static final String CONSOLE_SCOPES = "org:create_api_key user:profile";

    @Test
    void createApiKeyFollowsTheRoleForEachKind() {
        Person owner = newOrganization("console");
        Map<String, Person> people = Map.of("owner", owner, "admin", member(owner, "admin"),
                "developer", member(owner, "developer"), "claude_code", member(owner, "claude_code"),
                "member", member(owner, "member"));
        Map<String, List<String>> allowed = Map.of("owner", List.of("claude_code", "general"),
                "admin", List.of("claude_code", "general"), "developer", List.of("claude_code", "general"),
                "claude_code", List.of("claude_code"), "member", List.of());
        people.forEach((role, person) -> {
            String token = accessToken(person, CONSOLE_SCOPES);
            for (String kind : List.of("claude_code", "general")) {
                HttpResponse<String> answer = createApiKey(token, "{\"kind\":\"" + kind + "\"}");
                if (allowed.get(role).contains(kind)) {
                    assertThat(answer.statusCode()).as(role + " " + kind + ": " + answer.body()).isEqualTo(200);
                    JsonNode key = OAuthClient.json(answer);
                    assertThat(key.get("raw_key").asString()).matches("clauth_sk_[A-Za-z0-9_-]{43}");
                    assertThat(key.get("kind").asString()).isEqualTo(kind);
                    assertThat(messageWithKey(key.get("raw_key").asString()).statusCode()).isEqualTo(200);
                } else {
                    assertThat(answer.statusCode()).as(role + " " + kind).isEqualTo(403);
                    assertThat(OAuthClient.json(answer).at("/error/type").asString()).isEqualTo("permission_error");
                    assertThat(answer.body()).doesNotContain("clauth_sk_");
                }
            }
            // without a body the CLI gets a Claude Code key, when the role allows any key
            HttpResponse<String> plain = createApiKey(token, null);
            assertThat(plain.statusCode()).as(role).isEqualTo(role.equals("member") ? 403 : 200);
            if (plain.statusCode() == 200) {
                assertThat(OAuthClient.json(plain).get("kind").asString()).isEqualTo("claude_code");
            }
        });
    }

    @Test
    void createApiKeyNeedsTheScopeAnOAuthLoginAndAJsonObject() {
        Person owner = newOrganization("console");
        String inferenceOnly = accessToken(owner, "user:inference");
        HttpResponse<String> noScope = createApiKey(inferenceOnly, null);
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(OAuthClient.json(noScope).at("/error/type").asString()).isEqualTo("permission_error");

        String token = accessToken(owner, CONSOLE_SCOPES);
        String key = OAuthClient.json(createApiKey(token, null)).get("raw_key").asString();
        HttpResponse<String> byKey = oauth.cliSend(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(baseUrl() + "/api/oauth/claude_cli/create_api_key"))
                .header("x-api-key", key).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(byKey.statusCode()).as("an API key cannot make keys").isEqualTo(403);

        assertThat(createApiKey(token, "[1]").statusCode()).isEqualTo(400);
        assertThat(createApiKey(token, "{\"kind\":\"root\"}").statusCode()).isEqualTo(400);
        assertThat(createApiKey(token, "not json").statusCode()).isEqualTo(400);
        assertThat(createApiKey("clauth_at_nothing", null).statusCode()).isEqualTo(401);
    }

    @Test
    void keysAreStoredOnlyAsHashesAndListedByPrefixAndLastFour() {
        Person owner = newOrganization("console");
        String raw = consoleKey(owner, "general");
        assertThat(raw).matches("clauth_sk_[A-Za-z0-9_-]{43}");
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM api_key").query().listOfRows();
        assertThat(rows.toString()).doesNotContain(raw).doesNotContain(raw.substring(10));
        assertThat(messageWithKey(raw).statusCode()).isEqualTo(200);

        String page = owner.get("/console/keys").body();
        assertThat(page).as("shown once").doesNotContain(raw)
                .contains("clauth_sk_…" + raw.substring(raw.length() - 4)).contains(owner.email());
        String lastUsed = Jsoup.parse(page).selectFirst("#keys tr[data-key$=" + raw.substring(raw.length() - 4) + "] td:nth-child(6)").text();
        assertThat(lastUsed).as("last use is shown").contains("UTC");
    }

    @Test
    void consoleRefusesKeysTheRoleDoesNotAllow() {
        Person owner = newOrganization("console");
        Person claudeCode = member(owner, "claude_code");
        Person plainMember = member(owner, "member");
        assertThat(consoleKey(claudeCode, "claude_code")).startsWith("clauth_sk_");
        assertThat(claudeCode.post("/console/keys", Map.of("name", "x", "kind", "general")).statusCode()).isEqualTo(403);
        assertThat(plainMember.post("/console/keys", Map.of("name", "x", "kind", "claude_code")).statusCode())
                .isEqualTo(403);
        assertThat(plainMember.get("/console/keys").body()).contains("cannot create API keys");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_key WHERE organization_uuid = ?").param(owner.org())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void revokedKeyIsRefusedOnTheNextRequestWithTheSameAnswerAsUnknownAndMalformed() {
        Person owner = newOrganization("console");
        Person developer = member(owner, "developer");
        String raw = consoleKey(developer, "general");
        assertThat(messageWithKey(raw).statusCode()).isEqualTo(200);
        String id = jdbc.sql("SELECT id FROM api_key WHERE organization_uuid = ?").param(owner.org())
                .query(String.class).single();
        HttpResponse<String> revoked = developer.post("/console/keys/" + id + "/revoke", Map.of());
        assertThat(revoked.statusCode()).isEqualTo(302);

        HttpResponse<String> afterRevocation = messageWithKey(raw);
        HttpResponse<String> unknown = messageWithKey("clauth_sk_" + "A".repeat(43));
        HttpResponse<String> malformed = messageWithKey("not-a-key");
        HttpResponse<String> empty = messageWithKey("");
        for (HttpResponse<String> refused : List.of(afterRevocation, unknown, malformed, empty)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo(afterRevocation.body()).doesNotContain(raw);
            assertThat(OAuthClient.json(refused).at("/error/type").asString()).isEqualTo("authentication_error");
            assertThat(OAuthClient.json(refused).at("/type").asString()).isEqualTo("error");
        }
    }

    @Test
    void onlyAdminsRevokeOtherMembersKeys() {
        Person owner = newOrganization("console");
        Person developer = member(owner, "developer");
        Person other = member(owner, "developer");
        String raw = consoleKey(developer, "claude_code");
        String id = jdbc.sql("SELECT id FROM api_key WHERE organization_uuid = ?").param(owner.org())
                .query(String.class).single();
        assertThat(other.get("/console/keys").body()).as("developers see their own keys").doesNotContain(id);
        assertThat(other.post("/console/keys/" + id + "/revoke", Map.of()).statusCode()).isEqualTo(403);
        assertThat(messageWithKey(raw).statusCode()).isEqualTo(200);
        assertThat(owner.get("/console/keys").body()).contains(id);
        assertThat(owner.post("/console/keys/" + id + "/revoke", Map.of()).statusCode()).isEqualTo(302);
        assertThat(messageWithKey(raw).statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyMayOnlyUseTheModels() {
        Person owner = newOrganization("console");
        String raw = consoleKey(owner, "general");
        HttpResponse<String> profile = oauth.cliSend(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(baseUrl() + "/api/oauth/profile")).header("x-api-key", raw).GET());
        assertThat(profile.statusCode()).isEqualTo(403);
    }
}
