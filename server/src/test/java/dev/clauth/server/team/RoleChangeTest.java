package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient;

/** A role change holds at once: the keys the new role may not hold stop working, are revoked and audited. */
class RoleChangeTest extends TeamTest {

    @Test
    void demotingADeveloperRevokesTheKeysTheNewRoleMayNotHoldAndSaysSo() {
        Person owner = newOrganization("console");
        Person developer = member(owner, "developer");
        String general = consoleKey(developer, "general");
        String claudeCode = consoleKey(developer, "claude_code");
        HttpResponse<String> viaCli = createApiKey(accessToken(developer, "org:create_api_key user:profile"),
                "{\"kind\":\"general\"}");
        String generalViaCli = OAuthClient.json(viaCli).get("raw_key").asString();
        String login = accessToken(developer, "user:inference");
        String ownersKey = consoleKey(owner, "general");
        for (String key : List.of(general, claudeCode, generalViaCli, ownersKey)) {
            assertThat(messageWithKey(key).statusCode()).isEqualTo(200);
        }

        // developer -> claude_code: their two general keys go, the Claude Code key stays
        String notice = changeRole(owner, developer, "claude_code");
        assertThat(notice).contains("from Developer to Claude Code").contains("2 API keys they created were revoked")
                .contains("only Claude Code keys");
        assertThat(messageWithKey(general).statusCode()).isEqualTo(401);
        assertThat(messageWithKey(generalViaCli).statusCode()).isEqualTo(401);
        assertThat(messageWithKey(claudeCode).statusCode()).isEqualTo(200);
        assertThat(messageWithKey(ownersKey).statusCode()).as("nobody else's keys").isEqualTo(200);
        assertThat(revokedKinds(developer)).containsExactlyInAnyOrder("general", "general");
        assertThat(developer.post("/console/keys", Map.of("name", "again", "kind", "general")).statusCode())
                .isEqualTo(403);
        Document audit = Jsoup.parse(owner.get("/console/audit").body());
        assertThat(audit.select("#audit tr[data-action=api_key.revoked]")).hasSize(2)
                .allSatisfy(row -> assertThat(row.text()).contains("role changed to claude_code")
                        .contains(developer.email()));
        assertThat(audit.select("#audit tr[data-action=member.role_changed]").text())
                .contains("developer -> claude_code, 2 API keys revoked");

        // claude_code -> member: the last key goes too; the login keeps working
        assertThat(changeRole(owner, developer, "member")).contains("1 API key they created was revoked")
                .contains("members may hold no API keys");
        assertThat(messageWithKey(claudeCode).statusCode()).isEqualTo(401);
        assertThat(revokedKinds(developer)).containsExactlyInAnyOrder("general", "general", "claude_code");
        assertThat(messageWithToken(login).statusCode()).isEqualTo(200);

        // back to developer: nothing revoked comes back, and nothing more is revoked
        String up = changeRole(owner, developer, "developer");
        assertThat(up).contains("from Member to Developer").doesNotContain("revoked");
        assertThat(messageWithKey(claudeCode).statusCode()).isEqualTo(401);
        assertThat(messageWithKey(consoleKey(developer, "general")).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyIsCheckedAgainstItsCreatorsRoleOnEveryRequest() {
        Person owner = newOrganization("console");
        Person developer = member(owner, "developer");
        String general = consoleKey(developer, "general");
        String uuid = memberUuid(developer.email());
        // even a role written behind the service's back holds on the next request
        jdbc.sql("UPDATE membership SET role = 'claude_code' WHERE account_uuid = ?").param(uuid).update();
        assertThat(messageWithKey(general).statusCode()).isEqualTo(401);
        jdbc.sql("UPDATE membership SET role = 'developer' WHERE account_uuid = ?").param(uuid).update();
        assertThat(messageWithKey(general).statusCode()).isEqualTo(200);
    }

    @Test
    void promotingOrKeepingARoleRevokesNothing() {
        Person owner = newOrganization("console");
        Person claudeCode = member(owner, "claude_code");
        String key = consoleKey(claudeCode, "claude_code");
        assertThat(changeRole(owner, claudeCode, "claude_code")).contains("nothing changed");
        assertThat(changeRole(owner, claudeCode, "admin")).contains("to Admin").doesNotContain("revoked");
        assertThat(messageWithKey(key).statusCode()).isEqualTo(200);
        assertThat(revokedKinds(claudeCode)).isEmpty();
    }

    /** Changes the role in the console as an admin would; answers the notice the members page shows. */
    private String changeRole(Person admin, Person member, String role) {
        HttpResponse<String> changed = admin.post("/console/members/" + memberUuid(member.email()) + "/role",
                Map.of("role", role));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(302);
        assertThat(OAuthClient.location(changed)).endsWith("/console/members");
        String notice = Jsoup.parse(admin.get("/console/members").body()).select("p.notice").text();
        assertThat(notice).contains(member.email());
        return notice;
    }

    private List<String> revokedKinds(Person member) {
        return jdbc.sql("SELECT kind FROM api_key WHERE created_by = ? AND revoked_at IS NOT NULL")
                .param(memberUuid(member.email())).query(String.class).list();
    }
}
