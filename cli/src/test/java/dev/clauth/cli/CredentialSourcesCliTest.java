package dev.clauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.store.OAuthAccount;
import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.RecordingApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code -p}, {@code auth status}, {@code --bare} and {@code --settings} with the sources besides the stored login. */
class CredentialSourcesCliTest {

    static final String API_KEY = "clauth_sk_cli_env_key_0000000000_abcd";
    static final String HELPER_KEY = "clauth_sk_cli_helper_key_9876";
    static final String OAUTH_TOKEN = "clauth_at_cli_longlived_5555";
    static final String GATEWAY_TOKEN = "gateway_token_for_the_cli_9876";

    static {
        dev.clauth.core.testing.SecretLedger.record(API_KEY, HELPER_KEY, OAUTH_TOKEN, GATEWAY_TOKEN);
    }

    private final LoggedInFixture fixture = new LoggedInFixture();
    private RecordingApi api;

    CredentialSourcesCliTest() throws java.io.IOException {
    }

    @BeforeEach
    void api() throws Exception {
        api = new RecordingApi();
        fixture.world.set("ANTHROPIC_BASE_URL", api.base());
        fixture.world.setWorkingDirectory(Files.createDirectories(fixture.configDir.resolveSibling("project")));
    }

    @AfterEach
    void noSecretEverReachesTheUser() {
        String everything = fixture.world.printed() + fixture.world.errors();
        assertThat(everything).doesNotContain(API_KEY, HELPER_KEY, OAUTH_TOKEN, GATEWAY_TOKEN, LoggedInFixture.ACCESS,
                LoggedInFixture.REFRESH);
        api.close();
        fixture.close();
    }

    private int clauth(String... args) {
        return Main.run(fixture.world, args);
    }

    private void loggedIn() {
        fixture.storeLogin(Duration.ofHours(1), api.base());
        fixture.world.set("CLAUDE_CODE_CUSTOM_OAUTH_URL", api.base());
        fixture.clauth().globalConfig().saveOAuthAccount(
                new OAuthAccount("acc-1", "ada@example.test", "org-1", "Personal", "Ada", null, null, null));
    }

    private Path settingsWithHelper() throws Exception {
        Path helper = fixture.configDir.resolveSibling("helper.sh");
        Files.createDirectories(helper.getParent());
        Files.writeString(helper, "#!/bin/sh\necho " + HELPER_KEY + "\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path settings = fixture.configDir.resolveSibling("flag-settings.json");
        Files.writeString(settings, "{\"apiKeyHelper\":\"" + helper + "\"}");
        return settings;
    }

    @Test
    void anEnvironmentKeyOverASubscriptionIsUsedInPrintModeAndStatusSaysWhatItShadows() {
        loggedIn();
        fixture.world.set("ANTHROPIC_API_KEY", API_KEY);

        assertThat(clauth("-p", "hello")).isZero();
        assertThat(fixture.world.printed()).isEqualTo("You said: hello\n");
        assertThat(api.messages().get(0).header("x-api-key")).isEqualTo(API_KEY);
        assertThat(api.messages().get(0).header("authorization")).isNull();

        assertThat(clauth("auth", "status", "--json")).isZero();
        assertThat(fixture.world.printed()).endsWith("""
                {
                  "loggedIn" : true,
                  "authMethod" : "api_key",
                  "apiProvider" : "firstParty",
                  "apiKeySource" : "ANTHROPIC_API_KEY",
                  "notUsed" : [ {
                    "source" : "claude.ai",
                    "reason" : "ANTHROPIC_API_KEY is set and takes precedence over your subscription login: requests are billed to that key"
                  } ]
                }
                """);
        assertThat(clauth("auth", "status", "--text")).isZero();
        assertThat(fixture.world.printed()).endsWith("""
                API key: ANTHROPIC_API_KEY (…abcd)
                API provider: Anthropic
                Anthropic base URL: %s
                Not used: claude.ai — ANTHROPIC_API_KEY is set and takes precedence over your subscription login: requests are billed to that key
                """.formatted(api.base()));
    }

    @Test
    void theLongLivedTokenIsSentAsBearerWithTheOAuthBeta() {
        fixture.world.set("CLAUDE_CODE_OAUTH_TOKEN", OAUTH_TOKEN);
        assertThat(clauth("-p", "hello")).isZero();
        assertThat(api.messages().get(0).header("authorization")).isEqualTo("Bearer " + OAUTH_TOKEN);
        assertThat(api.messages().get(0).header("anthropic-beta")).isEqualTo("oauth-2025-04-20");

        assertThat(clauth("auth", "status", "--text")).isZero();
        assertThat(fixture.world.printed()).contains("Auth token: CLAUDE_CODE_OAUTH_TOKEN (…5555)\n");
    }

    @Test
    void anAuthTokenIsReportedAlikeInJsonAndTextAndSaysWhatItShadows() {
        loggedIn();
        fixture.world.set("ANTHROPIC_AUTH_TOKEN", GATEWAY_TOKEN);
        assertThat(clauth("-p", "hello")).isZero();
        assertThat(api.messages().get(0).header("authorization")).isEqualTo("Bearer " + GATEWAY_TOKEN);
        assertThat(api.messages().get(0).header("x-api-key")).isNull();

        String shadows = "ANTHROPIC_AUTH_TOKEN is set and takes precedence over your subscription login: requests carry"
                + " that token";
        assertThat(clauth("auth", "status", "--json")).isZero();
        assertThat(fixture.world.printed()).endsWith("""
                {
                  "loggedIn" : true,
                  "authMethod" : "oauth_token",
                  "apiProvider" : "firstParty",
                  "authTokenSource" : "ANTHROPIC_AUTH_TOKEN",
                  "notUsed" : [ {
                    "source" : "claude.ai",
                    "reason" : "%s"
                  } ]
                }
                """.formatted(shadows));
        assertThat(clauth("auth", "status", "--text")).isZero();
        assertThat(fixture.world.printed()).endsWith("""
                Auth token: ANTHROPIC_AUTH_TOKEN (…9876)
                API provider: Anthropic
                Anthropic base URL: %s
                Not used: claude.ai — %s
                """.formatted(api.base(), shadows));

        assertThat(clauth("--bare", "auth", "status", "--text")).as("--bare keeps ANTHROPIC_AUTH_TOKEN").isZero();
        assertThat(fixture.world.printed()).contains("Auth token: ANTHROPIC_AUTH_TOKEN (…9876)\n");
    }

    @Test
    void aHelperGivenWithSettingsIsUsedAndItsKeySentBothWays() throws Exception {
        assertThat(clauth("--settings", settingsWithHelper().toString(), "-p", "hello")).isZero();
        assertThat(api.messages().get(0).header("x-api-key")).isEqualTo(HELPER_KEY);
        assertThat(api.messages().get(0).header("authorization")).isEqualTo("Bearer " + HELPER_KEY);

        assertThat(clauth("--settings", settingsWithHelper().toString(), "auth", "status", "--json")).isZero();
        assertThat(fixture.world.printed()).contains("\"authMethod\" : \"api_key_helper\"",
                "\"apiKeySource\" : \"apiKeyHelper\"");
    }

    @Test
    void bareLeavesOutTheLoginAndTheLongLivedTokenAndSaysSo() throws Exception {
        loggedIn();
        fixture.world.set("CLAUDE_CODE_OAUTH_TOKEN", OAUTH_TOKEN);
        assertThat(clauth("--bare", "-p", "hello")).isEqualTo(1);
        assertThat(fixture.world.errors()).isEqualTo("Not logged in · Please run clauth auth login\n");
        assertThat(api.messages()).isEmpty();

        assertThat(clauth("--bare", "auth", "status", "--text")).isEqualTo(1);
        assertThat(fixture.world.printed()).contains(
                "CLAUDE_CODE_OAUTH_TOKEN is present but --bare uses only ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and an"
                        + " apiKeyHelper from --settings");

        assertThat(clauth("--bare", "--settings", settingsWithHelper().toString(), "-p", "hello")).isZero();
        assertThat(api.messages().get(0).header("x-api-key")).isEqualTo(HELPER_KEY);
    }

    @Test
    void aCloudProviderIsReportedAsThirdPartyWithItsProvider() {
        fixture.world.set("CLAUDE_CODE_USE_VERTEX", "1").set("ANTHROPIC_API_KEY", API_KEY);
        assertThat(clauth("auth", "status", "--json")).isZero();
        assertThat(fixture.world.printed()).startsWith("""
                {
                  "loggedIn" : true,
                  "authMethod" : "third_party",
                  "apiProvider" : "vertex",
                """).contains("\"source\" : \"ANTHROPIC_API_KEY\"",
                "CLAUDE_CODE_USE_VERTEX is set and takes precedence over ANTHROPIC_API_KEY: requests go to Google"
                        + " Vertex AI with its own credentials");
        assertThat(clauth("auth", "status", "--text")).isZero();
        assertThat(fixture.world.printed()).contains("API provider: Google Vertex AI\n")
                .doesNotContain("Anthropic base URL");
    }

    @Test
    void withNoTerminalAndNoArgumentsItPrintsUsageAndExitsTwo() {
        assertThat(clauth()).isEqualTo(2);
        assertThat(fixture.world.errors()).startsWith("Nothing to do: give -p PROMPT or a command, or run clauth in a"
                + " terminal (run clauth --help for usage)\nUsage: clauth");
    }

    @Test
    void aBadSettingsFileIsOneLine() throws Exception {
        Path bad = fixture.configDir.resolveSibling("bad.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "[1,2]");
        assertThat(clauth("--settings", bad.toString(), "-p", "hello")).isEqualTo(1);
        assertThat(fixture.world.errors()).isEqualTo("Settings file " + bad
                + " does not hold a JSON object; fix it or move it aside\n");
    }
}
