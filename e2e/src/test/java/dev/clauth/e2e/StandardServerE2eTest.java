package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clauth} against a standard OpenID provider it knows nothing special about ({@code oidc-provider},
 * started by the test, with five-minute access tokens): the browser login and the device login store a
 * login with a refresh token (offline_access asked for, as advertised) and the email from the ID token,
 * with no profile endpoint and no paste prompt; status, {@code -p}, a refresh only when the short token is
 * really about to run out, logout revoking; a login abandoned after the exchange leaves no live tokens; a
 * refused device request shows the server's own words.
 */
class StandardServerE2eTest {
    private static OidcProvider idp;

    @TempDir
    Path dir;
    Sandbox user;

    @BeforeAll
    static void start() throws Exception {
        Sandbox.secret(ServerProcess.OWNER_PASSWORD);
        idp = OidcProvider.start(ServerProcess.OWNER_EMAIL, ServerProcess.OWNER_PASSWORD, Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    @BeforeEach
    void newUser() {
        user = new Sandbox(dir, idp.issuer);
    }

    private JsonNode storedLogin() {
        return user.storedLogin();
    }

    @Test
    void browserLoginStatusPromptRefreshAndLogout() throws Exception {
        Run login = user.clauth("auth", "login");
        assertThat(login.exit()).as(login + "\nbrowser: " + user.browserLog()).isZero();
        assertThat(login.out()).endsWith("Login successful.\n").doesNotContain("Paste code here");
        JsonNode stored = storedLogin();
        assertThat(stored.path("issuer").asText()).isEqualTo(idp.issuer.toString());
        assertThat(stored.path("refreshToken").asText()).as("offline_access was asked for").isNotEmpty();
        assertThat(stored.path("scopes").toString()).contains("openid").doesNotContain("user:");
        assertThat(Sandbox.readJson(user.globalConfigFile()).path("oauthAccount").path("emailAddress").asText())
                .as("from the ID token").isEqualTo(ServerProcess.OWNER_EMAIL);

        Run status = user.clauth("auth", "status", "--text");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Email: " + ServerProcess.OWNER_EMAIL);

        Run prompt = user.clauth("-p", "hello from a standard server");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
        assertThat(prompt.out()).isEqualTo("You said: hello from a standard server\n");
        assertThat(idp.stats().path("refreshes").asInt()).as("a five-minute token is not refreshed on every command").isZero();

        ObjectNode file = (ObjectNode) Sandbox.readJson(user.credentialsFile());
        ((ObjectNode) file.get("claudeAiOauth")).put("expiresAt", System.currentTimeMillis() + 30_000);
        Files.writeString(user.credentialsFile(), Sandbox.JSON.writeValueAsString(file));
        Run again = user.clauth("-p", "hello after a while");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(idp.stats().path("refreshes").asInt()).as("30 s left of five minutes: refreshed").isEqualTo(1);
        assertThat(storedLogin().path("refreshToken").asText()).isNotEqualTo(stored.path("refreshToken").asText());

        int revoked = idp.stats().path("revocations").asInt();
        Run logout = user.clauth("auth", "logout");
        assertThat(logout.exit()).as(logout.toString()).isZero();
        assertThat(idp.stats().path("revocations").asInt()).isGreaterThan(revoked);
        assertThat(user.clauth("auth", "status").exit()).isEqualTo(1);
    }

    @Test
    void deviceLoginAndPrompt() throws Exception {
        user.env.remove("BROWSER");
        LiveProcess login = user.start("auth", "login", "--device");
        URI page = URI.create(login.await(Pattern.compile("on any device:\n(\\S+)\n"), Duration.ofSeconds(60)));
        String code = login.await(Pattern.compile("enter the code: (\\S+)\n"), Duration.ofSeconds(5));
        BrowserStandIn browser = new BrowserStandIn(ServerProcess.OWNER_EMAIL, ServerProcess.OWNER_PASSWORD, true)
                .typingUserCode(code);
        BrowserStandIn.Outcome typed = browser.walk(page, idp.issuer, cb -> cb);
        assertThat(typed.last().body()).as("the provider asks to confirm the code").contains("Code " + code);
        java.net.http.HttpResponse<String> approved = browser.submitFrom(typed.last(), "form:has(button:contains(Approve))");
        BrowserStandIn.Outcome shown = browser.walk(approved.uri().resolve(approved.headers().firstValue("location")
                .orElseThrow()), idp.issuer, cb -> cb);
        assertThat(shown.last().body()).contains("Signed in; return to your terminal.");
        Run run = login.finish(Duration.ofSeconds(90));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(storedLogin().path("refreshToken").asText()).isNotEmpty();

        Run prompt = user.clauth("-p", "hello over a device login");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
        assertThat(prompt.out()).isEqualTo("You said: hello over a device login\n");
    }

    @Test
    void aLoginAbandonedAfterTheExchangeLeavesNoLiveTokens() throws Exception {
        Files.createDirectories(user.credentialsFile()); // a directory where the store should be: it cannot be written
        int revoked = idp.stats().path("revocations").asInt();
        Run login = user.clauth("auth", "login");
        assertThat(login.exit()).as(login.toString()).isEqualTo(1);
        assertThat(idp.stats().path("revocations").asInt()).as("both tokens revoked").isEqualTo(revoked + 2);
    }

    @Test
    void aRefusedDeviceRequestShowsTheServersOwnWords() {
        user.env.put("CLAUDE_CODE_OAUTH_CLIENT_ID", "no-such-client");
        Run login = user.clauth("auth", "login", "--device");
        assertThat(login.exit()).as(login.toString()).isEqualTo(1);
        assertThat(login.err()).startsWith("Device login failed (").contains("invalid_client (").hasLineCount(1);
    }
}
