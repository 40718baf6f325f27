package dev.clauth.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.RecordingApi;
import dev.clauth.core.testing.SecretLedger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A credential with a character no HTTP header can carry (a line break pasted along, an accented letter,
 * a NUL) is refused where it is read, in one line that names where it came from and never its value —
 * not even in the exception's stack trace, which {@code --debug} prints — and nothing is sent.
 */
class UnsendableCredentialTest {

    private static final String BAD_KEY = "clauth_sk_env_Ékey_1234567890abcdef";
    private static final String BAD_TOKEN = "gateway_token\r\nX-Injected: yes_0123456789";
    private static final String BAD_OAUTH = "clauth_at_longlived\u0000_0123456789";
    private static final String BAD_STORED = "clauth_at_storedÉ_0123456789";
    private static final String BAD_HELPER = "clauth_sk_helperÉ_0123456789";
    private static final String BAD_PRIMARY = "clauth_sk_primary\u0007_0123456789";

    static {
        SecretLedger.record(BAD_KEY, BAD_OAUTH, BAD_STORED, BAD_HELPER, BAD_PRIMARY, "gateway_token", "X-Injected: yes_0123456789");
    }

    private final LoggedInFixture fixture = new LoggedInFixture();
    private final RecordingApi api = new RecordingApi();

    UnsendableCredentialTest() throws java.io.IOException {
        fixture.world.set("ANTHROPIC_BASE_URL", api.base());
    }

    @AfterEach
    void nothingWasShown() {
        assertThat(fixture.world.printed() + fixture.world.errors()).doesNotContain("clauth_", "gateway_token");
        api.close();
        fixture.close();
    }

    /** Asks once; returns the failure with its whole stack trace, as {@code --debug} would print it. */
    private String refused(String expectedMessage) {
        AnthropicClient client = new Clauth(fixture.world).anthropicClient();
        try {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> client.messages().create(
                    MessageCreateParams.builder().model(RecordingApi.MODEL).maxTokens(16).addUserMessage("hello").build()));
            assertThat(thrown).isInstanceOf(ClauthException.class).hasMessage(expectedMessage);
            assertThat(api.messages()).as("nothing sent").isEmpty();
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            return trace.toString();
        } finally {
            client.close();
        }
    }

    @Test
    void anEnvironmentApiKeyWithAnAccentedLetter() {
        fixture.world.set("ANTHROPIC_API_KEY", BAD_KEY);
        assertThat(refused("ANTHROPIC_API_KEY contains a character that cannot be sent in an HTTP header"
                + " (position 15); check how it was set")).doesNotContain(BAD_KEY).doesNotContain("clauth_sk_env");
    }

    @Test
    void anAuthTokenWithALineBreakInside() {
        fixture.world.set("ANTHROPIC_AUTH_TOKEN", BAD_TOKEN);
        assertThat(refused("ANTHROPIC_AUTH_TOKEN contains a character that cannot be sent in an HTTP header"
                + " (position 14); check how it was set")).doesNotContain("gateway_token").doesNotContain("X-Injected");
    }

    @Test
    void aLongLivedOAuthTokenWithANul() {
        fixture.world.set("CLAUDE_CODE_OAUTH_TOKEN", BAD_OAUTH);
        assertThat(refused("CLAUDE_CODE_OAUTH_TOKEN contains a character that cannot be sent in an HTTP header"
                + " (position 20); check how it was set")).doesNotContain("clauth_at_longlived");
    }

    @Test
    void aStoredAccessToken() {
        fixture.world.set("CLAUDE_CODE_CUSTOM_OAUTH_URL", fixture.server.base());
        fixture.store().save(new StoredLogin(BAD_STORED, LoggedInFixture.REFRESH,
                fixture.world.now().plus(Duration.ofHours(1)).toEpochMilli(), List.of("user:inference"), "max", null,
                fixture.server.base(), "clauth-cli"));
        assertThat(refused("The access token in " + fixture.configDir.resolve(".credentials.json")
                + " contains a character that cannot be sent in an HTTP header (position 17); run clauth auth login"))
                .doesNotContain("clauth_at_stored");
    }

    @Test
    void anApiKeyHelperThatPrintsOne() throws Exception {
        Path helper = fixture.configDir.resolveSibling("get-key.sh");
        Files.createDirectories(fixture.configDir);
        Files.writeString(helper, "#!/bin/sh\nprintf '%s\\n' '" + BAD_HELPER + "'\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path settings = fixture.configDir.resolve("settings.json");
        Files.writeString(settings, "{\"apiKeyHelper\":\"" + helper + "\"}");
        fixture.world.setWorkingDirectory(fixture.configDir.getParent());
        assertThat(refused("The key apiKeyHelper 'get-key.sh' (in " + settings + ") printed contains a character"
                + " that cannot be sent in an HTTP header (position 17); check the helper: it must print only the key"))
                .doesNotContain("clauth_sk_helper");
    }

    @Test
    void aConsoleKeyStoredAsPrimaryApiKey() throws Exception {
        Files.createDirectories(fixture.configDir);
        Path global = fixture.configDir.resolve(".claude.json");
        Files.writeString(global, "{\"primaryApiKey\":\"clauth_sk_primary\\u0007_0123456789\"}");
        assertThat(refused("The primaryApiKey in " + global + " contains a character that cannot be sent in an HTTP"
                + " header (position 18); run clauth auth login --console to store a new one"))
                .doesNotContain("clauth_sk_primary");
    }

    @Test
    void aBadCredentialThatDoesNotWinStopsNothing() {
        fixture.world.set("ANTHROPIC_API_KEY", "clauth_sk_good_0123456789");
        fixture.world.set("CLAUDE_CODE_OAUTH_TOKEN", BAD_OAUTH);
        SecretLedger.record("clauth_sk_good_0123456789");
        AnthropicClient client = new Clauth(fixture.world).anthropicClient();
        try {
            client.messages().create(MessageCreateParams.builder().model(RecordingApi.MODEL).maxTokens(16)
                    .addUserMessage("hello").build());
        } finally {
            client.close();
        }
        assertThat(api.messages()).extracting(r -> r.header("x-api-key")).containsExactly("clauth_sk_good_0123456789");
    }
}
