package dev.clauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.store.OAuthAccount;
import dev.clauth.core.testing.BrowserStandIn;
import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.StandInServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CliTest {

    private final LoggedInFixture fixture = new LoggedInFixture();

    CliTest() throws java.io.IOException {
    }

    @AfterEach
    void noSecretEverReachesTheUser() {
        String everything = fixture.world.printed() + fixture.world.errors();
        assertThat(everything).doesNotContain(LoggedInFixture.ACCESS, LoggedInFixture.REFRESH, "clauth_at_test_",
                "clauth_rt_test_");
        fixture.close();
    }

    private int clauth(String... args) {
        return Main.run(fixture.world, args);
    }

    private void loggedIn() {
        fixture.storeLogin(Duration.ofHours(1));
        fixture.clauth().globalConfig().saveOAuthAccount(
                new OAuthAccount("acc-1", "owner@clauth.local", "org-1", "Personal", "Owner", null, null, null));
    }

    @Test
    void statusWhenLoggedOutExitsOneInBothForms() {
        assertThat(clauth("auth", "status")).isEqualTo(1);
        assertThat(fixture.world.printed()).isEqualTo("""
                {
                  "loggedIn" : false,
                  "authMethod" : "none",
                  "apiProvider" : "firstParty"
                }
                """);
        assertThat(clauth("auth", "status", "--text")).isEqualTo(1);
        assertThat(fixture.world.printed()).endsWith("Not logged in. Run clauth auth login to authenticate.\n");
        assertThat(fixture.world.errors()).isEmpty();
    }

    @Test
    void statusWhenLoggedInExitsZeroWithTheAccount() {
        loggedIn();
        assertThat(clauth("auth", "status", "--json")).isEqualTo(0);
        assertThat(fixture.world.printed()).isEqualTo("""
                {
                  "loggedIn" : true,
                  "authMethod" : "claude.ai",
                  "apiProvider" : "firstParty",
                  "email" : "owner@clauth.local",
                  "orgId" : "org-1",
                  "orgName" : "Personal",
                  "subscriptionType" : "max"
                }
                """);
        assertThat(clauth("auth", "status", "--text")).isEqualTo(0);
        assertThat(fixture.world.printed()).endsWith("""
                Login method: Claude Max account
                Auth token: claude.ai
                Organization: Personal
                Email: owner@clauth.local
                API provider: Anthropic
                Anthropic base URL: %s
                """.formatted(fixture.server.base()));
        assertThat(fixture.server.http.requests).isEmpty();
    }

    @Test
    void printModeAnswersOnStdout() {
        loggedIn();
        assertThat(clauth("-p", "hello")).isEqualTo(0);
        assertThat(fixture.world.printed()).isEqualTo("You said: hello\n");
        assertThat(fixture.server.http.requestsTo("/v1/messages").get(0).body()).contains("\"model\":\"claude-sonnet-4-5\"");
        assertThat(clauth("-p", "hello", "--model", "claude-opus-4-1")).isEqualTo(0);
        assertThat(fixture.server.http.requestsTo("/v1/messages").get(1).body()).contains("\"model\":\"claude-opus-4-1\"");
    }

    @Test
    void printModeRefreshesAnExpiringLoginFirst() {
        fixture.storeLogin(Duration.ofMinutes(4));
        assertThat(clauth("-p", "hello")).isEqualTo(0);
        assertThat(fixture.server.refreshGrants).hasValue(1);
        assertThat(fixture.server.http.requestsTo("/v1/messages").get(0).header("authorization"))
                .isEqualTo("Bearer clauth_at_test_1");
    }

    @Test
    void refusedTwiceIsOneLineAndExitOneWithoutAStackTraceUnlessDebug() {
        loggedIn();
        fixture.server.http.on("POST", "/v1/messages", r -> Reply.json(401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"no\"}}"));
        assertThat(clauth("-p", "hello")).isEqualTo(1);
        assertThat(fixture.world.errors()).isEqualTo("Not logged in · Please run clauth auth login\n");
        assertThat(fixture.world.printed()).isEmpty();

        assertThat(clauth("--debug", "-p", "hello")).isEqualTo(1);
        assertThat(fixture.world.errors()).contains("\tat dev.clauth.");
    }

    @Test
    void notLoggedInPrintModeSaysWhatToRun() {
        assertThat(clauth("-p", "hello")).isEqualTo(1);
        assertThat(fixture.world.errors()).isEqualTo("Not logged in · Please run clauth auth login\n");
    }

    @Test
    void aStoreOthersCanReadIsReported() throws Exception {
        loggedIn();
        Path file = fixture.configDir.resolve(".credentials.json");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(clauth("auth", "status")).isEqualTo(0);
        assertThat(fixture.world.errors()).isEqualTo("Warning: " + file + " can be read by other users; run chmod 600 "
                + file + "\n");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(clauth("auth", "status", "--json", "--text")).isEqualTo(2);
        assertThat(clauth("auth", "login", "--claudeai", "--console")).isEqualTo(2);
        assertThat(clauth("auth", "nope")).isEqualTo(2);
        assertThat(clauth()).isEqualTo(2);
        assertThat(fixture.world.errors()).doesNotContain("\tat ");
    }

    @Test
    void aCorruptStoreIsOneLineAndLeftAsItWas() throws Exception {
        Path file = fixture.configDir.resolve(".credentials.json");
        Files.createDirectories(fixture.configDir);
        Files.writeString(file, "{oops");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(clauth("auth", "status")).isEqualTo(1);
        assertThat(fixture.world.errors()).isEqualTo(file + " is not valid JSON; run clauth auth login (it moves the bad file aside)\n");
        assertThat(clauth("-p", "hi")).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo("{oops");
    }

    @Test
    void loginThenASecondLoginReplacesTheFirstAndKeepsOtherKeys() throws Exception {
        BrowserStandIn browser = new BrowserStandIn();
        fixture.world.set("BROWSER", "browser").onStart(command -> browser.visit(command.get(command.size() - 1)));
        Files.createDirectories(fixture.configDir);
        Files.writeString(fixture.configDir.resolve(".credentials.json"), "{\"mine\":[1,2,3]}");

        assertThat(clauth("auth", "login")).isEqualTo(0);
        assertThat(fixture.world.printed()).endsWith("Login successful.\n");
        String first = fixture.store().read().orElseThrow().accessToken();
        assertThat(clauth("auth", "login", "--claudeai", "--email", "owner@clauth.local")).isEqualTo(0);

        String second = fixture.store().read().orElseThrow().accessToken();
        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(fixture.configDir.resolve(".credentials.json"))).contains("\"mine\":[1,2,3]");
        assertThat(clauth("auth", "status")).isEqualTo(0);
    }

    @Test
    void logoutRevokesTheRefreshTokenAndRemovesOnlyTheLogin() throws Exception {
        loggedIn();
        Path credentials = fixture.configDir.resolve(".credentials.json");
        Files.writeString(credentials, Files.readString(credentials).replaceFirst("^\\{", "{\"mine\":true,"));
        Path global = fixture.configDir.resolve(".claude.json");
        Files.writeString(global, Files.readString(global).replaceFirst("^\\{", "{\"theme\":\"dark\",\"primaryApiKey\":\"k\","));

        assertThat(clauth("auth", "logout")).isEqualTo(0);

        assertThat(fixture.world.printed()).isEqualTo("Successfully logged out from your Anthropic account.\n");
        assertThat(fixture.server.http.requestsTo("/v1/oauth/token/revoke").get(0).form())
                .containsEntry("token", LoggedInFixture.REFRESH).containsEntry("token_type_hint", "refresh_token")
                .containsEntry("client_id", "clauth-cli");
        assertThat(Files.readString(credentials)).isEqualTo("{\"mine\":true}");
        assertThat(Files.readString(global).replaceAll("\\s", "")).isEqualTo("{\"theme\":\"dark\"}");
        assertThat(clauth("auth", "status")).isEqualTo(1);
    }

    @Test
    void logoutWithTheServerGoneStillRemovesTheLogin() {
        loggedIn();
        fixture.server.close();
        assertThat(clauth("auth", "logout")).isEqualTo(0);
        assertThat(fixture.store().read()).isEmpty();
    }
}
