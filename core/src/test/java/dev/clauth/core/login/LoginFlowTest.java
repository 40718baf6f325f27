package dev.clauth.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.testing.Poll;
import dev.clauth.core.testing.StandInServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A safety net for a hung login; each test takes moments. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LoginFlowTest extends LoginFixtureTest {


    private void login() {
        new Clauth(world).login(LoginOptions.defaults());
    }

    private String manualUrl() {
        Pattern printed = Pattern.compile("If the browser didn't open, visit:\n(\\S+)\n");
        return Poll.value("the manual URL to be printed", () -> {
            Matcher m = printed.matcher(world.printed());
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }, world::printed);
    }

    /** Waits until the login has said "Invalid code" {@code times} times. */
    private void awaitInvalidCode(int times) {
        Poll.until("\"Invalid code\" " + times + " times", () -> world.printed().split("Invalid code", -1).length - 1 >= times,
                world::printed);
    }

    private void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    @Test
    void theBrowserCallbackCompletesTheLoginAndStoresIt() throws Exception {
        world.onStart(command -> browser.visit(command.get(command.size() - 1)));
        login();

        assertThat(world.printed()).startsWith("Opening browser to sign in…\nIf the browser didn't open, visit:\n")
                .contains("Paste code here if prompted > ").endsWith("Login successful.\n");
        String browserUrl = world.started.get(0).get(1);
        Map<String, String> authorize = StandInServer.parseForm(URI.create(browserUrl).getRawQuery());
        assertThat(authorize.get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/callback");
        assertThat(StandInServer.parseForm(URI.create(manualUrl()).getRawQuery()).get("redirect_uri"))
                .isEqualTo(server.base() + "/oauth/code/callback");

        Map<String, String> exchange = server.http.requestsTo("/v1/oauth/token").get(0).form();
        assertThat(exchange.get("redirect_uri")).isEqualTo(authorize.get("redirect_uri"));
        assertThat(CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(exchange.get("code_verifier"))).getValue())
                .isEqualTo(authorize.get("code_challenge"));

        browser.awaitVisit("/oauth/code/success"); // the browser is sent to the success page

        Path credentials = home.resolve("config/.credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(Files.readString(credentials)).contains("\"accessToken\":\"clauth_at_test_2\"")
                .contains("\"refreshToken\":\"clauth_rt_test_2\"").contains("\"subscriptionType\":\"max\"")
                .contains("\"issuer\":\"" + server.base() + "\"").contains("\"clientId\":\"clauth-cli\"")
                .contains("\"expiresAt\":" + (world.now().toEpochMilli() + 28_800_000L));
        assertThat(Files.readString(home.resolve("config/.claude.json"))).contains("\"emailAddress\" : \"owner@clauth.local\"")
                .contains("\"organizationUuid\" : \"org-1\"").contains("\"organizationName\" : \"Personal\"");

        int port = URI.create(authorize.get("redirect_uri")).getPort();
        assertThatThrownBy(() -> browser.redirectOf("http://127.0.0.1:" + port + "/callback"))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aPastedCodeWinsWhenTheBrowserNeverComesBackAndBadPastesAreExplained() throws Exception {
        Path script = home.resolve("browser.sh");
        Path args = home.resolve("browser-args");
        // written aside, then renamed: the file is there only once it is whole
        Files.writeString(script, "#!/bin/sh\nprintf '%s' \"$1\" > '" + args + ".tmp' && mv '" + args + ".tmp' '" + args + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        world.set("BROWSER", script.toString());
        world.useRealProcesses();
        Thread typist = new Thread(() -> {
            try {
                String page = browser.redirectOf(manualUrl());
                Map<String, String> q = StandInServer.parseForm(URI.create(page).getRawQuery());
                // each cut-short paste stands alone: the next is typed once the login has said what was wrong
                type("just-a-code");
                awaitInvalidCode(1);
                type("#" + q.get("state"));
                awaitInvalidCode(2);
                type("  " + q.get("code") + "#" + q.get("state") + "  ");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        typist.start();
        login();
        typist.join();

        assertThat(world.printed()).contains("Invalid code. Please make sure the full code was copied.\nPaste code here if prompted > ")
                .endsWith("Login successful.\n");
        assertThat(world.printed().split("Invalid code", -1)).hasSize(3);
        assertThat(server.http.requestsTo("/v1/oauth/token").get(0).form().get("redirect_uri"))
                .isEqualTo(server.base() + "/oauth/code/callback");
        Poll.until("the browser script to record its argument", () -> Files.exists(args));
        assertThat(Files.readString(args)).startsWith(server.base() + "/oauth/authorize?")
                .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A");
        assertThat(Files.readString(home.resolve("config/.credentials.json"))).contains("clauth_at_test_");
    }

    @Test
    void aPastedCodeWithAnotherStateIsExplainedAndTheLoginWaitsForTheRightOne() throws Exception {
        Thread typist = new Thread(() -> {
            try {
                String page = browser.redirectOf(manualUrl());
                Map<String, String> q = StandInServer.parseForm(URI.create(page).getRawQuery());
                type("some-code#not-the-state");
                type(q.get("code") + "#" + q.get("state"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        typist.start();
        login();
        typist.join();
        assertThat(world.printed()).contains("That code is from a different login attempt; paste the code from the page"
                + " this login opened.\nPaste code here if prompted > ").endsWith("Login successful.\n");
        assertThat(server.http.requestsTo("/v1/oauth/token")).hasSize(1);
    }

    @Test
    void aCallbackWithAnotherStateFailsTheLogin() throws Exception {
        world.onStart(command -> browser.visit(command.get(1).replaceAll("state=[^&]+", "state=forged")));
        assertThatThrownBy(this::login).hasMessage("Invalid state parameter");
        browser.awaitVisit("/callback?");
        assertThat(browser.lastStatus).isEqualTo(400);
        assertThat(server.http.requestsTo("/v1/oauth/token")).isEmpty();
    }

    @Test
    void closedStdinJustMeansWaitingForTheCallback() throws Exception {
        // The browser comes back only after the login's reader has met the end of stdin and stopped.
        AtomicReference<Thread> reader = new AtomicReference<>();
        world.setStdin(new InputStream() {
            @Override
            public int read() {
                reader.compareAndSet(null, Thread.currentThread());
                return -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return read();
            }
        });
        world.onStart(command -> {
            Poll.until("the login to read its stdin", () -> reader.get() != null);
            try {
                reader.get().join(Poll.SAFETY_NET.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            browser.visit(command.get(1));
        });
        login();
        assertThat(world.printed()).endsWith("Login successful.\n");
    }

    @Test
    void deniedAccessEndsTheLoginWithAClearMessage() {
        server.http.on("GET", "/oauth/authorize", r -> StandInServer.Reply.redirect(r.queryParams().get("redirect_uri")
                + "?error=access_denied&state=" + r.queryParams().get("state") + "&iss=" + server.base()));
        world.onStart(command -> browser.visit(command.get(1)));
        assertThatThrownBy(this::login).hasMessageContaining("access was denied").hasMessageContaining("clauth auth login");
    }

    @Test
    void aCallbackFromAnotherIssuerFailsTheLoginAndItsCodeIsNeverSent() throws Exception {
        server.http.on("GET", "/oauth/authorize", r -> StandInServer.Reply.redirect(r.queryParams().get("redirect_uri")
                + "?code=code_from_elsewhere&state=" + r.queryParams().get("state") + "&iss=https%3A%2F%2Fevil.example"));
        world.onStart(command -> browser.visit(command.get(1)));
        assertThatThrownBy(this::login).hasMessage("The sign-in answer came from https://evil.example, not "
                + server.base() + "; start again with clauth auth login");
        browser.awaitVisit("/callback?");
        assertThat(browser.lastStatus).isEqualTo(400);
        assertThat(server.http.requestsTo("/v1/oauth/token")).isEmpty();
        assertThat(home.resolve("config/.credentials.json")).doesNotExist();
    }

    @Test
    void aCallbackWithoutIssFromAServerThatPromisesItFailsTheLogin() throws Exception {
        server.http.on("GET", "/oauth/authorize", r -> StandInServer.Reply.redirect(r.queryParams().get("redirect_uri")
                + "?code=code_1&state=" + r.queryParams().get("state")));
        world.onStart(command -> browser.visit(command.get(1)));
        assertThatThrownBy(this::login).hasMessage("The sign-in answer did not say which server sent it, though "
                + server.base() + " always does; start again with clauth auth login");
        assertThat(server.http.requestsTo("/v1/oauth/token")).isEmpty();
    }

    @Test
    void aRefusedCodeIsReportedAndTheBrowserIsNotSentToTheSuccessPage() {
        server.http.on("POST", "/v1/oauth/token", r -> StandInServer.Reply.json(401, "{\"error\":\"invalid_grant\"}"));
        world.onStart(command -> browser.visit(command.get(1)));
        assertThatThrownBy(this::login).hasMessage("Authentication failed: Invalid authorization code");
        assertThat(browser.visited).noneMatch(url -> url.endsWith("/oauth/code/success"));
        assertThat(home.resolve("config/.credentials.json")).doesNotExist();
    }

    @Test
    void emailAndSsoBecomeHintsInBothUrls() throws Exception {
        world.onStart(command -> browser.visit(command.get(1)));
        new Clauth(world).login(new LoginOptions(false, java.util.Optional.of("me@x.io"), true, 0));
        Map<String, String> q = StandInServer.parseForm(URI.create(world.started.get(0).get(1)).getRawQuery());
        assertThat(q).containsEntry("login_hint", "me@x.io").containsEntry("login_method", "sso");
        assertThat(List.of(manualUrl())).allMatch(u -> u.contains("login_hint=me%40x.io"));
    }
}
