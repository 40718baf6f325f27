package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clauth auth login --console}: a Console login asks for no inference scope; instead the CLI
 * has the server create a Claude Code API key, stores it as {@code primaryApiKey}, approves it, and
 * uses it for the API with {@code x-api-key}.
 */
class ConsoleLoginE2eTest {
    @RegisterExtension
    static final RealServer server = new RealServer();

    @Test
    void aConsoleLoginStoresAWorkingApiKey(@TempDir Path dir) throws Exception {
        Sandbox user = server.newUser(dir);
        Run login = user.clauth("auth", "login", "--console");
        assertThat(login.exit()).as(login + "\nbrowser:\n" + user.browserLog()).isZero();
        assertThat(login.out()).contains("Login successful.");

        JsonNode config = Sandbox.readJson(user.globalConfigFile());
        String key = config.path("primaryApiKey").asText();
        assertThat(key).startsWith("clauth_sk_");
        Sandbox.secret(key);
        assertThat(config.path("customApiKeyResponses").path("approved").toString())
                .contains(key.substring(key.length() - 20));
        assertThat(config.path("oauthAccount").path("emailAddress").asText()).isEqualTo(ServerProcess.OWNER_EMAIL);
        assertThat(Files.exists(user.credentialsFile())
                && Sandbox.readJson(user.credentialsFile()).has("claudeAiOauth"))
                .as("a login without user:inference keeps no OAuth tokens").isFalse();

        assertThat(Http.postJson(server.url().resolve("/v1/messages"),
                "{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"key?\"}]}",
                Map.of("x-api-key", key, "anthropic-version", "2023-06-01")).body()).contains("You said: key?");

        Run prompt = user.clauth("-p", "with the console key");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
        assertThat(prompt.out()).contains("You said: with the console key");
        assertThat(prompt.all()).doesNotContain(key);

        Run status = user.clauth("auth", "status", "--text");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.all()).doesNotContain(key).contains(key.substring(key.length() - 4))
                .as("the account the Console login was made with").contains(ServerProcess.OWNER_EMAIL);
        JsonNode json = Sandbox.JSON.readTree(user.clauth("auth", "status", "--json").out());
        assertThat(json.path("authMethod").asText()).isEqualTo("api_key");
        assertThat(json.path("apiKeySource").asText()).isEqualTo("/login managed key");
        assertThat(json.path("email").asText()).isEqualTo(ServerProcess.OWNER_EMAIL);
    }
}
