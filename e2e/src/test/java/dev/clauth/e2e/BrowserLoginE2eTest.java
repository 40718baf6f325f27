package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first whole slice, as a person uses it: a real {@code clauth server}, the real {@code clauth}
 * command in separate processes, and a stand-in browser that signs in and approves over HTTP.
 */
class BrowserLoginE2eTest {
    /**
     * The refresh grace period is 10 min here, not 10 s: a repeat of a refresh below comes a process's life after
     * the refresh, and on a busy machine that may be more than 10 s (its length is RefreshGraceTest's business).
     */
    @RegisterExtension
    static final RealServer server = new RealServer(Map.of("CLAUTH_SERVER_JAVA_OPTS", "-Dclauth.oauth.refresh-grace=10m"),
            () -> new String[0]);

    @TempDir
    Path dir;
    Sandbox user;

    @BeforeEach
    void newUser() {
        user = server.newUser(dir);
    }

    private void login() throws Exception {
        Run run = user.clauth("auth", "login");
        assertThat(run.exit()).as(run + "\nbrowser:\n" + user.browserLog()).isZero();
        assertThat(run.out()).contains("Login successful.");
        assertThat(run.all()).as("printed in UTF-8 whatever the locale").contains("Opening browser to sign in…");
    }

    @Test
    void loginThenStatusThenPromptThenLogout() throws Exception {
        login();

        JsonNode stored = user.storedLogin();
        assertThat(stored.path("accessToken").asText()).startsWith("clauth_at_");
        assertThat(stored.path("refreshToken").asText()).startsWith("clauth_rt_");
        assertThat(stored.path("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis() + 7 * 3600_000L);
        assertThat(stored.path("scopes").toString()).contains("user:inference", "user:profile");
        assertThat(stored.path("subscriptionType").asText()).isEqualTo("max");
        JsonNode account = Sandbox.readJson(user.globalConfigFile()).path("oauthAccount");
        assertThat(account.path("emailAddress").asText()).isEqualTo(ServerProcess.OWNER_EMAIL);

        Run status = user.clauth("auth", "status");
        assertThat(status.exit()).as(status.toString()).isZero();
        JsonNode json = Sandbox.JSON.readTree(status.out());
        assertThat(json.path("loggedIn").asBoolean()).isTrue();
        assertThat(json.path("authMethod").asText()).isEqualTo("claude.ai");
        assertThat(json.path("apiProvider").asText()).isEqualTo("firstParty");
        assertThat(json.path("email").asText()).isEqualTo(ServerProcess.OWNER_EMAIL);
        assertThat(json.path("subscriptionType").asText()).isEqualTo("max");
        assertThat(json.path("orgName").asText()).isEqualTo("Personal");

        Run text = user.clauth("auth", "status", "--text");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains(ServerProcess.OWNER_EMAIL);

        Run prompt = user.clauth("-p", "hello from the e2e test");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
        assertThat(prompt.out()).contains("You said: hello from the e2e test");

        String refreshToken = stored.path("refreshToken").asText();
        Run logout = user.clauth("auth", "logout");
        assertThat(logout.exit()).as(logout.toString()).isZero();
        assertThat(logout.out()).contains("Successfully logged out from your Anthropic account.");
        assertThat(Sandbox.readJson(user.credentialsFile()).has("claudeAiOauth")).isFalse();
        assertThat(Sandbox.readJson(user.globalConfigFile()).has("oauthAccount")).isFalse();
        HttpResponse<String> refused = Http.refresh(server.url(), refreshToken);
        assertThat(refused.statusCode()).as("the revoked refresh token is refused").isEqualTo(400);
        assertThat(refused.body()).contains("invalid_grant");

        Run after = user.clauth("auth", "status", "--text");
        assertThat(after.exit()).isEqualTo(1);
        assertThat(after.out()).contains("Not logged in. Run clauth auth login to authenticate.");
        Run noPrompt = user.clauth("-p", "hi");
        assertThat(noPrompt.exit()).isEqualTo(1);
    }

    @Test
    void storeIsPrivateAndASecondLoginKeepsOtherKeys() throws Exception {
        Path creds = user.credentialsFile();
        Files.createDirectories(creds.getParent());
        Files.writeString(creds, "{\"otherTool\":{\"keep\":\"me\"}}");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));

        login();
        String first = user.storedLogin().path("accessToken").asText();
        assertThat(Files.getPosixFilePermissions(creds)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(creds.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(user.globalConfigFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        login();
        JsonNode file = Sandbox.readJson(creds);
        assertThat(file.path("otherTool").path("keep").asText()).isEqualTo("me");
        assertThat(user.storedLogin().path("accessToken").asText()).isNotEqualTo(first).startsWith("clauth_at_");
        try (var left = Files.list(creds.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no temp files left next to the store").noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void anExpiredAccessTokenIsRefreshedBeforeTheCall() throws Exception {
        login();
        JsonNode before = user.storedLogin();
        ObjectNode file = (ObjectNode) Sandbox.readJson(user.credentialsFile());
        ((ObjectNode) file.path("claudeAiOauth")).put("expiresAt", System.currentTimeMillis() - 1000);
        Files.writeString(user.credentialsFile(), Sandbox.JSON.writeValueAsString(file));

        Run prompt = user.clauth("-p", "after expiry");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
        assertThat(prompt.out()).contains("You said: after expiry");

        JsonNode after = user.storedLogin();
        assertThat(after.path("accessToken").asText()).isNotEqualTo(before.path("accessToken").asText());
        assertThat(after.path("refreshToken").asText()).isNotEqualTo(before.path("refreshToken").asText());
        assertThat(after.path("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis() + 7 * 3600_000L);
        // A client that lost the answer may ask again with the old token for a while (the grace period) and gets the
        // very same tokens (issue 4's grace period) — never a second, diverging pair.
        HttpResponse<String> again = Http.refresh(server.url(), before.path("refreshToken").asText());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode replayed = Sandbox.JSON.readTree(again.body());
        assertThat(replayed.path("access_token").asText()).isEqualTo(after.path("accessToken").asText());
        assertThat(replayed.path("refresh_token").asText()).isEqualTo(after.path("refreshToken").asText());
    }

    @Test
    void aRefusedAccessTokenForcesOneRefreshAndARetry() throws Exception {
        login();
        JsonNode before = user.storedLogin();
        ObjectNode file = (ObjectNode) Sandbox.readJson(user.credentialsFile());
        ((ObjectNode) file.path("claudeAiOauth")).put("accessToken", "clauth_at_not-a-token-the-server-issued");
        Files.writeString(user.credentialsFile(), Sandbox.JSON.writeValueAsString(file));

        Run prompt = user.clauth("-p", "after a 401");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
        assertThat(prompt.out()).contains("You said: after a 401");
        assertThat(user.storedLogin().path("refreshToken").asText()).isNotEqualTo(before.path("refreshToken").asText());
    }

    @Test
    void aLoginWhoseTokensAreGoneSaysToLogInAgain() throws Exception {
        login();
        ObjectNode file = (ObjectNode) Sandbox.readJson(user.credentialsFile());
        ((ObjectNode) file.path("claudeAiOauth")).put("accessToken", "clauth_at_unknown");
        ((ObjectNode) file.path("claudeAiOauth")).put("refreshToken", "clauth_rt_unknown");
        Files.writeString(user.credentialsFile(), Sandbox.JSON.writeValueAsString(file));

        Run prompt = user.clauth("-p", "hi");
        assertThat(prompt.exit()).isEqualTo(1);
        assertThat(prompt.err()).contains("clauth auth login").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(prompt.err().strip().lines()).hasSize(1);
    }

    @Test
    void aCallbackWithTheWrongStateFailsTheLogin() throws Exception {
        user.env.put("STANDIN_STATE", "forged-state");
        Run run = user.clauth("auth", "login");
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.all()).contains("Invalid state parameter");
        assertThat(run.all()).doesNotContain("Login successful.");
        assertThat(Files.exists(user.credentialsFile())
                && Sandbox.readJson(user.credentialsFile()).has("claudeAiOauth")).isFalse();
    }

    @Test
    void aDeniedConsentEndsTheLoginClearly() throws Exception {
        user.env.put("STANDIN_ACTION", "deny");
        Run run = user.clauth("auth", "login");
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().toLowerCase()).contains("denied");
        assertThat(Files.exists(user.credentialsFile())
                && Sandbox.readJson(user.credentialsFile()).has("claudeAiOauth")).isFalse();
    }

    @Test
    void aReplayedCodeIsRefusedAndRevokesWhatItIssued() throws Exception {
        Path record = dir.resolve("callbacks.txt");
        user.env.put("STANDIN_RECORD", record.toString());
        login();
        user.storedLogin();
        URI callback = URI.create(Files.readAllLines(record).get(0));
        String code = query(callback, "code");

        HttpResponse<String> replay = Http.postForm(server.url().resolve("/v1/oauth/token"), Map.of(
                "grant_type", "authorization_code", "code", code, "client_id", "clauth-cli",
                "redirect_uri", callback.getScheme() + "://" + callback.getRawAuthority() + callback.getRawPath(),
                "code_verifier", "x".repeat(43)));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("invalid_grant");

        String access = user.storedLogin().path("accessToken").asText();
        assertThat(Http.message(server.url(), access, "hi").statusCode())
                .as("the access token issued from the replayed code is revoked").isEqualTo(401);
        Run prompt = user.clauth("-p", "hi");
        assertThat(prompt.exit()).isEqualTo(1);
        assertThat(prompt.err()).contains("clauth auth login");
    }

    @Test
    void aCodePastedFromTheServersPageCompletesTheLogin() throws Exception {
        user.env.put("BROWSER", "/bin/true");
        LiveProcess login = user.start("auth", "login");
        String manualUrl = login.await(Pattern.compile("(?m)^(http\\S+/oauth/authorize\\S*oauth%2Fcode%2Fcallback\\S*)$"));
        login.await(Pattern.compile("Paste code here if prompted > "));

        BrowserStandIn browser = new BrowserStandIn(ServerProcess.OWNER_EMAIL, ServerProcess.OWNER_PASSWORD, true);
        String shown = browser.walk(URI.create(manualUrl), server.url(), cb -> cb).shownCode();
        assertThat(shown).contains("#");

        login.type("   " + shown + "   ");
        Run run = login.finish();
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Login successful.");
        assertThat(user.storedLogin().path("accessToken").asText()).startsWith("clauth_at_");
    }

    @Test
    void configDirFromTheEnvironmentHoldsTheLogin() throws Exception {
        Path configDir = dir.resolve("elsewhere");
        user.env.put("CLAUDE_CONFIG_DIR", configDir.toString());
        login();
        assertThat(configDir.resolve(".credentials.json")).exists();
        assertThat(configDir.resolve(".claude.json")).exists();
        assertThat(user.home.resolve(".claude/.credentials.json")).doesNotExist();
        assertThat(user.clauth("-p", "hi").out()).contains("You said: hi");
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }
}
