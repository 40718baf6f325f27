package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clauth auth token} as the real Claude Code's {@code apiKeyHelper}: the real {@code claude -p} with
 * {@code "apiKeyHelper": "clauth --profile work auth token"} in its settings (the login in a clauth profile, so
 * the real claude sees no login of its own) talks to a real {@code clauth server} with the
 * login {@code clauth auth login} made, and keeps working across a refresh of that login (the helper, run
 * again by the next {@code claude}, refreshes it once and hands over the new token).
 */
class RealClaudeApiKeyHelperE2eTest {
    @RegisterExtension
    static final RealServer server = new RealServer();

    @TempDir
    Path dir;
    Sandbox user;

    @BeforeEach
    void newUser() {
        user = server.newUser(dir);
        RealClaude.binary();
    }

    private Path profileCredentials() {
        return user.home.resolve(".clauth/profiles/work/.credentials.json");
    }

    /** The profile's login; its tokens are recorded for the leak checks. */
    private JsonNode storedLogin() {
        JsonNode oauth = Sandbox.readJson(profileCredentials()).path("claudeAiOauth");
        Sandbox.secret(oauth.path("accessToken").asText());
        Sandbox.secret(oauth.path("refreshToken").asText());
        return oauth;
    }

    private Map<String, String> claudeEnv() throws Exception {
        Files.createDirectories(user.configDir());
        Files.writeString(user.configDir().resolve("settings.json"), Sandbox.JSON.writeValueAsString(
                Map.of("apiKeyHelper", ServerProcess.Layout.clauth() + " --profile work auth token")));
        Map<String, String> env = RealClaude.env(user);
        // the helper is clauth: it finds its login's server the way clauth always does
        env.put("CLAUDE_CODE_CUSTOM_OAUTH_URL", server.url().toString());
        return env;
    }

    @Test
    void theRealClaudeUsesTheClauthLoginThroughTheHelperAcrossARefresh() throws Exception {
        // the login lives in a clauth profile, so the real claude sees nothing but its helper
        Run login = user.clauth("--profile", "work", "auth", "login");
        assertThat(login.exit()).as(login.toString()).isZero();
        String firstAccess = storedLogin().path("accessToken").asText();

        Run first = RealClaude.run(user, claudeEnv(), "-p", "hello through the helper");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("You said: hello through the helper");
        assertThat(storedLogin().path("accessToken").asText()).as("no refresh yet").isEqualTo(firstAccess);

        ObjectNode file = (ObjectNode) Sandbox.readJson(profileCredentials());
        ((ObjectNode) file.get("claudeAiOauth")).put("expiresAt", System.currentTimeMillis() + 60_000);
        Files.writeString(profileCredentials(), Sandbox.JSON.writeValueAsString(file));

        Run second = RealClaude.run(user, claudeEnv(), "-p", "hello after the refresh");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).contains("You said: hello after the refresh");
        JsonNode refreshed = storedLogin();
        assertThat(refreshed.path("accessToken").asText()).as("the helper refreshed the login").isNotEqualTo(firstAccess);
        assertThat(refreshed.path("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis() + 3_600_000);

        Run token = user.clauthShowingASecret("--profile", "work", "auth", "token");
        assertThat(token.out().strip()).as("clauth hands out the same, refreshed token").isEqualTo(refreshed.path("accessToken").asText());
    }
}
