package dev.clauth.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.testing.FakeKeyboard;
import dev.clauth.core.testing.FixedPort;
import dev.clauth.core.testing.Poll;
import dev.clauth.core.testing.StandInServer;
import dev.clauth.core.testing.StandInServer.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The forgiving paste fallback, fixed ports, the copy key, retries, and logins where no browser can open. */
/** A safety net for a hung login; each test takes moments. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PasteFallbackTest extends LoginFixtureTest {


    private void login(LoginOptions options) {
        new Clauth(world).login(options);
    }

    private String printedUrl(String after) {
        Pattern printed = Pattern.compile(Pattern.quote(after) + "\n(\\S+)\n");
        return Poll.value("a URL printed after " + after, () -> {
            Matcher m = printed.matcher(world.printed());
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }, world::printed);
    }

    /** Waits until the login has printed {@code text}. */
    private void awaitPrinted(String text) {
        Poll.until("the login to print " + text, () -> world.printed().contains(text), world::printed);
    }

    private String manualUrl() {
        return printedUrl("If the browser didn't open, visit:");
    }

    /** The code page the server shows after sign-in: its address, with code and state. */
    private String codePage() throws Exception {
        return browser.redirectOf(manualUrl());
    }

    private void type(String text) throws IOException {
        keyboard.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private Thread typist(ThrowingRunnable steps) {
        Thread t = new Thread(() -> {
            try {
                steps.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private Map<String, String> exchange(int i) {
        return server.http.requestsTo("/v1/oauth/token").get(i).form();
    }

    @Test
    void aCodeWrappedOverTwoLinesIsPutBackTogether() throws Exception {
        typist(() -> {
            Map<String, String> q = StandInServer.parseForm(URI.create(codePage()).getRawQuery());
            String whole = q.get("code") + "#" + q.get("state");
            type("  " + whole.substring(0, 9) + "\n" + whole.substring(9, 30) + "\r\n" + whole.substring(30) + "  ");
        });
        login(LoginOptions.defaults());
        assertThat(world.printed()).doesNotContain("Invalid code").endsWith("Login successful.\n");
        assertThat(exchange(0).get("code")).startsWith("code_");
        assertThat(exchange(0).get("redirect_uri")).isEqualTo(server.base() + "/oauth/code/callback");
    }

    @Test
    void theWholeCodePageAddressCanBePasted() throws Exception {
        typist(() -> type(codePage()));
        login(LoginOptions.defaults());
        assertThat(world.printed()).endsWith("Login successful.\n");
        assertThat(exchange(0).get("redirect_uri")).isEqualTo(server.base() + "/oauth/code/callback");
    }

    @Test
    void theLoopbackCallbackAddressCanBePastedWhenTheBrowserCouldNotReachIt() throws Exception {
        typist(() -> {
            manualUrl();
            String browserUrl = world.started.get(0).get(1);
            String callback = browser.redirectOf(browserUrl); // the browser is sent there but cannot get through
            type(callback);
        });
        login(LoginOptions.defaults());
        assertThat(world.printed()).endsWith("Login successful.\n");
        assertThat(exchange(0).get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/callback");
    }

    @Test
    void rubbishIsExplainedAndTheNextPasteStillWorks() throws Exception {
        typist(() -> {
            String page = codePage();
            type("I approved it");
            awaitPrinted("That is not a login code");
            type(page);
        });
        login(LoginOptions.defaults());
        assertThat(world.printed()).contains("That is not a login code. Paste the code shown after you sign in (it looks"
                + " like code#state), or the whole address of that page.\nPaste code here if prompted > ")
                .endsWith("Login successful.\n");
        assertThat(server.http.requestsTo("/v1/oauth/token")).hasSize(1);
    }

    @Test
    void anExpiredOrUsedCodeIsExplainedWithTheUrlAgainAndANewCodeWorks() throws Exception {
        typist(() -> {
            Map<String, String> first = StandInServer.parseForm(URI.create(codePage()).getRawQuery());
            server.codes.remove(first.get("code")); // it expired at the server
            type(first.get("code") + "#" + first.get("state"));
            printedUrl(LoginFlow.EXPIRED);
            type(codePage());
        });
        login(LoginOptions.defaults());
        String printed = world.printed();
        assertThat(printed).contains("That code has expired or was already used; open the URL again to get a new one:\n"
                + manualUrl() + "\nPaste code here if prompted > ").endsWith("Login successful.\n");
        assertThat(server.http.requestsTo("/v1/oauth/token")).hasSize(2);
    }

    @Test
    void aTokenEndpointFailingTwiceWith503IsRetriedWithBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.http.on("POST", "/v1/oauth/token", r -> calls.incrementAndGet() <= 2
                ? Reply.json(503, "{\"error\":\"temporarily_unavailable\"}") : server.issue());
        world.onStart(command -> browser.visit(command.get(1)));
        login(LoginOptions.defaults());
        assertThat(world.printed()).endsWith("Login successful.\n");
        assertThat(calls).hasValue(3);
        assertThat(world.slept).hasSize(2);
        assertThat(world.slept.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(625));
        assertThat(world.slept.get(1)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1250));
        browser.awaitVisit("/oauth/code/success");
    }

    @Test
    void retryAfterIsHonouredAndAPasteOutlastingTheRetriesCanBeTriedAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.http.on("POST", "/v1/oauth/token", r -> calls.incrementAndGet() <= 3
                ? new Reply(429, "application/json", "{\"error\":\"slow\"}", null) : server.issue());
        typist(() -> {
            String page = codePage();
            type(page);
            awaitPrinted("paste it again");
            type(page);
        });
        login(LoginOptions.defaults());
        assertThat(world.printed()).contains("Token exchange failed (429)")
                .contains("(the code is still good: paste it again to retry)").endsWith("Login successful.\n");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aFixedPortIsUsedForTheCallbackAndOfferedForForwarding() throws Exception {
        int port = FixedPort.free();
        world.onStart(command -> browser.visit(command.get(1)));
        login(LoginOptions.defaults().withPort(port));
        assertThat(world.started.get(0).get(1)).contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A" + port + "%2Fcallback");
        assertThat(world.printed()).contains("Or, with port " + port + " forwarded to this machine (ssh -L " + port
                + ":127.0.0.1:" + port + " …), open:\n" + server.base() + "/oauth/authorize?");
    }

    @Test
    void theFixedPortMayComeFromTheEnvironmentOrTheSettings() throws Exception {
        int port = FixedPort.free();
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/settings.json"), "{\"oauthCallbackPort\": " + port + "}");
        world.onStart(command -> browser.visit(command.get(1)));
        login(LoginOptions.defaults());
        assertThat(world.started.get(0).get(1)).contains("127.0.0.1%3A" + port + "%2Fcallback");

        world.set("CLAUTH_OAUTH_CALLBACK_PORT", "http");
        assertThatThrownBy(() -> login(LoginOptions.defaults()))
                .hasMessage("CLAUTH_OAUTH_CALLBACK_PORT must be a port number from 1 to 65535; fix or remove it");
    }

    @Test
    void aBusyFixedPortIsOneClearLineButABusyPortIsNoProblemWithoutOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> login(LoginOptions.defaults().withPort(port)))
                    .isInstanceOf(ClauthException.class)
                    .hasMessage("Port " + port + " is in use; free it or choose another with --port");
            assertThat(world.started).isEmpty();

            world.onStart(command -> browser.visit(command.get(1)));
            login(LoginOptions.defaults());
            assertThat(world.started.get(0).get(1)).doesNotContain("127.0.0.1%3A" + port + "%2F");
            assertThat(world.printed()).endsWith("Login successful.\n");
        }
    }

    @Test
    void withNoTerminalAndNoBrowserTheOptionsAreExplainedAndNothingWaits() {
        world.env.remove("BROWSER");
        assertThatThrownBy(() -> login(LoginOptions.defaults()))
                .hasMessageStartingWith("Cannot sign in here: there is no browser to open and no terminal to paste a code into.")
                .hasMessageContaining("clauth auth login --device").hasMessageContaining("clauth setup-token")
                .hasMessageContaining("CLAUDE_CODE_OAUTH_TOKEN").hasMessageContaining("ANTHROPIC_API_KEY")
                .hasMessageNotContaining("SSH");
        world.set("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22");
        assertThatThrownBy(() -> login(LoginOptions.defaults())).hasMessageContaining("ssh -L N:127.0.0.1:N");
        world.set("BROWSER", "browser");
        assertThatThrownBy(() -> login(LoginOptions.defaults().withNoBrowser(true)))
                .hasMessageStartingWith("Cannot sign in here: --no-browser was given");
        assertThat(server.http.requests).isEmpty();
    }

    @Test
    void cCopiesTheUrlWithOsc52AndTheClipboardToolAndTheHintComesAfterThreeSeconds() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path xclip = bin.resolve("xclip");
        Files.writeString(xclip, "#!/bin/sh\ncat >/dev/null\n");
        Files.setPosixFilePermissions(xclip, PosixFilePermissions.fromString("rwx------"));
        world.set("DISPLAY", ":0").set("PATH", bin.toString()).set("TMUX", "/tmp/tmux-0/default,1,0");
        FakeKeyboard keys = new FakeKeyboard();
        world.setTerminal(true, keys);
        typist(() -> {
            String url = printedUrl(LoginFlow.BROWSER_HINT);
            keys.press('c');
            awaitPrinted("Copied");
            keys.enter(browser.redirectOf(url));
        });
        login(LoginOptions.defaults());
        String url = printedUrl(LoginFlow.BROWSER_HINT);
        String base64 = Base64.getEncoder().encodeToString(url.getBytes(StandardCharsets.UTF_8));
        assertThat(world.printed()).startsWith("Opening browser to sign in…\n" + LoginFlow.BROWSER_HINT + "\n" + url + "\n")
                .contains("\u001bPtmux;\u001b\u001b]52;c;" + base64 + "\u0007\u001b\\Copied the URL to the clipboard.\n")
                .endsWith("Login successful.\n");
        assertThat(world.slept).contains(Duration.ofSeconds(3));
        assertThat(world.startedWithInput).containsExactly("xclip -selection clipboard < " + url);
        assertThat(keys.closed).as("the terminal is given back").isTrue();
    }

    @Test
    void withNoBrowserOnATerminalTheUrlIsShownAtOnceAndNothingIsOpened() throws Exception {
        world.setTerminal(true, null);
        typist(() -> {
            String url = printedUrl("Use the url below to sign in (c to copy)");
            type("c");
            awaitPrinted("Copied");
            type(browser.redirectOf(url));
        });
        login(LoginOptions.defaults().withNoBrowser(true));
        assertThat(world.started).isEmpty();
        assertThat(world.printed()).startsWith("Use the url below to sign in (c to copy)\n" + server.base())
                .contains("\u001b]52;c;").doesNotContain("Opening browser").endsWith("Login successful.\n");
    }
}
