package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient;
import tools.jackson.databind.JsonNode;

/** Roles, invitations, removal, organisations and the console pages only admins may use. */
class MembershipRulesTest extends TeamTest {

    @Test
    void rolesEndpointAnswersTheCallersRoleInTheCurrentOrganisation() {
        Person owner = newOrganization("claude_team");
        Person developer = member(owner, "developer");
        JsonNode roles = OAuthClient.json(getWithToken("/api/oauth/claude_cli/roles",
                accessToken(developer, "user:profile user:inference")));
        assertThat(roles.get("organization_uuid").asString()).isEqualTo(owner.org());
        assertThat(roles.get("organization_role").asString()).isEqualTo("developer");
        assertThat(roles.has("organization_name")).isTrue();
        assertThat(roles.has("workspace_role")).isTrue();
        JsonNode ownerRoles = OAuthClient.json(getWithToken("/api/oauth/claude_cli/roles",
                accessToken(owner, "user:profile")));
        assertThat(ownerRoles.get("organization_role").asString()).isEqualTo("owner");
        assertThat(getWithToken("/api/oauth/claude_cli/roles", accessToken(owner, "user:inference")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void tokenAndProfileCarryTheOrganisationType() {
        Person owner = newOrganization("claude_enterprise");
        JsonNode token = login(owner, "user:profile user:inference");
        assertThat(token.at("/organization/organization_type").asString()).isEqualTo("claude_enterprise");
        JsonNode profile = OAuthClient.json(getWithToken("/api/oauth/profile", token.get("access_token").asString()));
        assertThat(profile.at("/organization/organization_type").asString()).isEqualTo("claude_enterprise");
    }

    @Test
    void nonAdminsAreRefusedEveryAdminPageAndAction() {
        Person owner = newOrganization("console");
        Person admin = member(owner, "admin");
        for (String role : List.of("developer", "claude_code", "member")) {
            Person person = member(owner, role);
            for (String page : List.of("/console/members", "/console/invitations", "/console/audit")) {
                assertThat(person.get(page).statusCode()).as(role + " " + page).isEqualTo(403);
            }
            assertThat(person.post("/console/invitations", Map.of("emails", "x@example.test", "role", "member"))
                    .statusCode()).as(role + " invites").isEqualTo(403);
            assertThat(person.post("/console/members/" + memberUuid(admin.email()) + "/role", Map.of("role", "member"))
                    .statusCode()).as(role + " changes a role").isEqualTo(403);
            assertThat(person.post("/console/members/" + memberUuid(admin.email()) + "/remove", Map.of())
                    .statusCode()).as(role + " removes").isEqualTo(403);
            String nav = person.get("/console").body();
            assertThat(nav).doesNotContain("/console/members").doesNotContain("/console/audit");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE email = 'x@example.test'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT role FROM membership WHERE account_uuid = ?").param(memberUuid(admin.email()))
                .query(String.class).single()).isEqualTo("admin");
    }

    @Test
    void adminsCannotTouchOwnersOrMakeOwnersAndNobodyChangesThemselves() {
        Person owner = newOrganization("console");
        Person admin = member(owner, "admin");
        Person developer = member(owner, "developer");
        String ownerUuid = memberUuid(owner.email());
        assertThat(admin.post("/console/members/" + ownerUuid + "/remove", Map.of()).statusCode()).isEqualTo(403);
        assertThat(admin.post("/console/members/" + ownerUuid + "/role", Map.of("role", "member")).statusCode())
                .isEqualTo(403);
        assertThat(admin.post("/console/members/" + memberUuid(developer.email()) + "/role", Map.of("role", "owner"))
                .statusCode()).isEqualTo(403);
        assertThat(admin.post("/console/invitations", Map.of("emails", "o@example.test", "role", "owner")).statusCode())
                .isEqualTo(403);
        assertThat(owner.post("/console/members/" + ownerUuid + "/role", Map.of("role", "member")).statusCode())
                .isEqualTo(403);
        // what they may do
        assertThat(admin.post("/console/members/" + memberUuid(developer.email()) + "/role",
                Map.of("role", "claude_code")).statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("SELECT role FROM membership WHERE account_uuid = ?").param(memberUuid(developer.email()))
                .query(String.class).single()).isEqualTo("claude_code");
        assertThat(owner.post("/console/members/" + memberUuid(admin.email()) + "/role", Map.of("role", "owner"))
                .statusCode()).isEqualTo(302);
    }

    @Test
    void bulkInvitationGivesOneSingleUseLinkPerAddress() {
        Person owner = newOrganization("console");
        Document invited = invite(owner, "a1@example.test, A2@Example.test\nnot-an-address a1@example.test "
                + owner.email(), "developer");
        String first = linkFor(invited, "a1@example.test");
        String second = linkFor(invited, "a2@example.test");
        assertThat(first).contains("/invite?token=clauth_inv_");
        assertThat(second).isNotEqualTo(first);
        assertThat(linkFor(invited, "not-an-address")).isNull();
        assertThat(linkFor(invited, owner.email())).as("already a member").isNull();
        String token = first.substring(first.indexOf("token=") + 6);
        assertThat(jdbc.sql("SELECT * FROM invitation").query().listOfRows().toString()).doesNotContain(token);
        assertThat(owner.get("/console/invitations").body()).as("links are shown once").doesNotContain(token)
                .contains("a1@example.test");

        assertThat(accept(first, PASSWORD).statusCode()).isEqualTo(200);
        HttpResponse<String> again = accept(first, "another long password");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("not valid");
        signedIn("a1@example.test", PASSWORD, owner.org());
        assertThat(new OAuthClient(baseUrl()).signIn("a1@example.test", "another long password").headers()
                .firstValue("Location").orElseThrow()).endsWith("/login?error");
        // a refused attempt (password too short) does not use the link up
        assertThat(accept(second, "short").statusCode()).as("password too short").isEqualTo(400);
        assertThat(accept(second, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredWithdrawnAndWrongInvitationLinksGetTheSameAnswer() {
        Person owner = newOrganization("console");
        Document invited = invite(owner, "late@example.test withdrawn@example.test", "member");
        String late = linkFor(invited, "late@example.test");
        String withdrawn = linkFor(invited, "withdrawn@example.test");
        String id = jdbc.sql("SELECT id FROM invitation WHERE email = 'withdrawn@example.test'").query(String.class).single();
        assertThat(owner.post("/console/invitations/" + id + "/revoke", Map.of()).statusCode()).isEqualTo(302);

        String wrong = late.substring(0, late.length() - 4) + "AAAA";
        HttpResponse<String> wrongAnswer = accept(wrong, PASSWORD);
        HttpResponse<String> withdrawnAnswer = accept(withdrawn, PASSWORD);
        HttpResponse<String> noToken = accept(baseUrl() + "/invite", PASSWORD);
        clock.shift(Duration.ofDays(7).plusMinutes(1));
        HttpResponse<String> expired = accept(late, PASSWORD);
        for (HttpResponse<String> refused : List.of(wrongAnswer, withdrawnAnswer, noToken, expired)) {
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(Jsoup.parse(refused.body()).getElementById("message").text())
                    .isEqualTo(Jsoup.parse(expired.body()).getElementById("message").text());
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email IN ('late@example.test', 'withdrawn@example.test')")
                .query(Long.class).single()).isZero();
        // the accept form itself cannot be replayed with a guessed token either
        HttpResponse<String> posted = new OAuthClient(baseUrl()).postForm("/invite",
                Map.of("token", List.of(wrong.substring(wrong.indexOf("token=") + 6)), "password", List.of(PASSWORD),
                        "confirm", List.of(PASSWORD)));
        assertThat(posted.statusCode()).as("no CSRF token, or an invalid invitation").isIn(403, 404);
    }

    @Test
    void removingAMemberEndsTheirTokensAndKeysAtOnce() {
        Person owner = newOrganization("console");
        Person developer = member(owner, "developer");
        JsonNode login = login(developer, "org:create_api_key user:profile user:inference");
        String access = login.get("access_token").asString();
        String refresh = login.get("refresh_token").asString();
        String key = OAuthClient.json(createApiKey(access, "{\"kind\":\"general\"}")).get("raw_key").asString();
        String consoleKey = consoleKey(developer, "claude_code");
        assertThat(messageWithToken(access).statusCode()).isEqualTo(200);
        assertThat(messageWithKey(key).statusCode()).isEqualTo(200);

        HttpResponse<String> removed = owner.post("/console/members/" + memberUuid(developer.email()) + "/remove",
                Map.of());
        assertThat(removed.statusCode()).isEqualTo(302);

        assertThat(messageWithToken(access).statusCode()).isEqualTo(401);
        assertThat(messageWithKey(key).statusCode()).isEqualTo(401);
        assertThat(messageWithKey(consoleKey).statusCode()).isEqualTo(401);
        HttpResponse<String> refreshed = oauth.tokenForm(OAuthClient.refresh(refresh));
        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(refreshed.body()).contains("invalid_grant");
        assertThat(developer.get("/console/keys").statusCode()).as("no longer a member of anything").isEqualTo(403);
    }

    @Test
    void anAccountInSeveralOrganisationsSwitchesAndLoginsFollow() {
        Person first = newOrganization("console");
        Person second = newOrganization("claude_team");
        Person developer = member(first, "developer");
        // the second organisation invites the same person, who joins with their own password
        String link = linkFor(invite(second, developer.email(), "member"), developer.email());
        HttpResponse<String> page = new OAuthClient(baseUrl()).get(link);
        assertThat(page.body()).contains("You already have an account");
        assertThat(accept(link, "not their password").statusCode()).isEqualTo(400);
        assertThat(accept(link, PASSWORD).statusCode()).isEqualTo(200);

        // joining made the new organisation current
        JsonNode roles = OAuthClient.json(getWithToken("/api/oauth/claude_cli/roles", accessToken(developer, "user:profile")));
        assertThat(roles.get("organization_uuid").asString()).isEqualTo(second.org());
        assertThat(roles.get("organization_role").asString()).isEqualTo("member");

        HttpResponse<String> switched = developer.post("/console/organization", Map.of("organization", first.org()));
        assertThat(switched.statusCode()).isEqualTo(302);
        JsonNode token = login(developer, "user:profile user:inference");
        assertThat(token.at("/organization/uuid").asString()).isEqualTo(first.org());
        assertThat(Jsoup.parse(developer.get("/console").body()).getElementById("my-role").text()).isEqualTo("Developer");

        Person stranger = newOrganization("console");
        assertThat(developer.post("/console/organization", Map.of("organization", stranger.org())).statusCode())
                .isEqualTo(403);
    }

    @Test
    void consoleFormsNeedTheCsrfTokenAndPagesNeedSignIn() {
        Person owner = newOrganization("console");
        HttpResponse<String> forged = owner.browser().postForm("/console/invitations",
                Map.of("emails", List.of("forged@example.test"), "role", List.of("admin")));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE email = 'forged@example.test'").query(Long.class)
                .single()).isZero();
        HttpResponse<String> anonymous = new OAuthClient(baseUrl()).get("/console/keys");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(OAuthClient.location(anonymous)).endsWith("/login");
        HttpResponse<String> page = owner.get("/console/members");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        for (var form : Jsoup.parse(page.body()).select("form[method=post]")) {
            assertThat(form.select("input[name=_csrf]")).as(form.attr("action")).isNotEmpty();
        }
    }

    @Test
    void passwordChangeNeedsTheCurrentPassword() {
        Person owner = newOrganization("console");
        assertThat(owner.post("/console/password", Map.of("current", "wrong", "password", "a brand new password",
                "confirm", "a brand new password")).statusCode()).isEqualTo(400);
        assertThat(owner.post("/console/password", Map.of("current", PASSWORD, "password", "short",
                "confirm", "short")).statusCode()).isEqualTo(400);
        assertThat(owner.post("/console/password", Map.of("current", PASSWORD, "password", "a brand new password",
                "confirm", "a brand new password")).statusCode()).isEqualTo(302);
        signedIn(owner.email(), "a brand new password", owner.org());
    }
}
