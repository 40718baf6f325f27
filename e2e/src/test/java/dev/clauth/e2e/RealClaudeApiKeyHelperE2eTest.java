package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.testing.GatewayStandIn;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clauth auth token} as the real Claude Code's {@code apiKeyHelper}: {@code "apiKeyHelper": "clauth
 * --profile work auth token"} in the real claude's settings, the clauth login kept in a clauth profile (so the
 * real claude sees no login of its own, only the helper). The real {@code claude -p} gets an answer from a real
 * {@code clauth server} with a Console login's key, and keeps working across a refresh of a gateway sign-in,
 * which the helper, run again by the next {@code claude}, refreshes once and hands over.
 *
 * <p>Not shown against today's server with a subscription login: the real claude sends a helper's value as a
 * key, without {@code anthropic-beta: oauth-2025-04-20}, which clauth server asks of an OAuth access token
 * (401 "OAuth access tokens need the header …", retried ten times by the real claude).
 */
class RealClaudeApiKeyHelperE2eTest {
    @RegisterExtension
    static final RealServer server = new RealServer();

    @TempDir
    Path dir;

    private static Path profileFile(Sandbox user, String name) {
        return user.home.resolve(".clauth/profiles/work").resolve(name);
    }

    /** The real claude's own settings: only the helper. */
    private static Map<String, String> claudeWithHelper(Sandbox user, String apiBase) throws Exception {
        Files.createDirectories(user.configDir());
        Files.writeString(user.configDir().resolve("settings.json"), Sandbox.JSON.writeValueAsString(
                Map.of("apiKeyHelper", ServerProcess.Layout.clauth() + " --profile work auth token")));
        Map<String, String> env = RealClaude.env(user);
        env.put("ANTHROPIC_BASE_URL", apiBase);
        // the helper is clauth: it finds its login's server the way clauth always does
        if (user.env.containsKey("CLAUDE_CODE_CUSTOM_OAUTH_URL")) {
            env.put("CLAUDE_CODE_CUSTOM_OAUTH_URL", user.env.get("CLAUDE_CODE_CUSTOM_OAUTH_URL"));
        }
        return env;
    }

    @Test
    void theRealClaudeGetsAnAnswerFromTheRealServerWithAConsoleLoginsKey() throws Exception {
        Sandbox user = server.newUser(dir);
        Run login = user.clauth("--profile", "work", "auth", "login", "--console");
        assertThat(login.exit()).as(login + "\nbrowser:\n" + user.browserLog()).isZero();
        Sandbox.secret(Sandbox.readJson(profileFile(user, ".claude.json")).path("primaryApiKey").asText());

        Run claude = RealClaude.run(user, claudeWithHelper(user, server.url().toString()), "-p", "hello through the helper");
        assertThat(claude.exit()).as(claude.toString()).isZero();
        // the built-in model echoes the first text of the conversation (the real claude's own context comes first)
        assertThat(claude.out()).startsWith("You said: ");
        assertThat(user.credentialsFile()).as("the real claude stored no login of its own").doesNotExist();
    }

    @Test
    void theRealClaudeKeepsWorkingAcrossARefreshThatTheHelperMakes() throws Exception {
        try (GatewayStandIn gateway = new GatewayStandIn()) {
            gateway.approveOnPoll = 1;
            Sandbox user = new Sandbox(dir, URI.create(gateway.base()));
            user.env.remove("CLAUDE_CODE_CUSTOM_OAUTH_URL");
            user.env.put("BROWSER", "/bin/true");
            Run login = user.clauthWithInput("y\ny\n", "--profile", "work", "auth", "login", "--gateway", gateway.base());
            assertThat(login.exit()).as(login.toString()).isZero();
            Map<String, String> env = claudeWithHelper(user, gateway.base());

            Run first = RealClaude.run(user, env, "-p", "hello");
            assertThat(first.exit()).as(first.toString()).isZero();
            assertThat(first.out()).contains("You said: hello");
            assertThat(gateway.http.requestsTo(GatewayStandIn.MESSAGES).getLast().header("authorization"))
                    .isEqualTo("Bearer gw_at_test_1");

            ObjectNode stored = (ObjectNode) Sandbox.readJson(profileFile(user, ".credentials.json"));
            ((ObjectNode) stored.get("enterpriseGateway")).put("expiresAt", System.currentTimeMillis() + 60_000);
            Files.writeString(profileFile(user, ".credentials.json"), Sandbox.JSON.writeValueAsString(stored));

            Run second = RealClaude.run(user, env, "-p", "hello");
            assertThat(second.exit()).as(second.toString()).isZero();
            assertThat(gateway.refreshGrants).as("the helper refreshed the sign-in once").hasValue(1);
            assertThat(gateway.http.requestsTo(GatewayStandIn.MESSAGES).getLast().header("authorization"))
                    .isEqualTo("Bearer gw_at_test_2");
            JsonNode after = Sandbox.readJson(profileFile(user, ".credentials.json")).path("enterpriseGateway");
            assertThat(after.path("idpRefreshToken").asText()).isEqualTo("gw_rt_test_2");
            assertThat(user.credentialsFile()).as("the real claude stored no login of its own").doesNotExist();
        }
    }
}
