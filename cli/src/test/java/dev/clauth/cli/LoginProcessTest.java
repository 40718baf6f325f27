package dev.clauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.testing.AuthServerStandIn;
import dev.clauth.core.testing.BrowserStandIn;
import dev.clauth.core.testing.Poll;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code clauth auth login} as a real process: no terminal, a pipe, and a pseudo-terminal ({@code script}). */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a safety net for a hung process; each test takes seconds
class LoginProcessTest {

    @TempDir
    Path home;

    private AuthServerStandIn server;
    private final BrowserStandIn browser = new BrowserStandIn();

    @BeforeEach
    void start() throws IOException {
        server = new AuthServerStandIn();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> clauth(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private ProcessBuilder builder(List<String> command, Map<String, String> extra) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CLAUDE_") || k.startsWith("ANTHROPIC_") || k.startsWith("SSH_")
                || List.of("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "TMUX", "CLAUTH_OAUTH_CALLBACK_PORT").contains(k));
        env.put("HOME", home.toString());
        env.put("CLAUDE_CODE_CUSTOM_OAUTH_URL", server.base());
        env.put("ANTHROPIC_BASE_URL", server.base());
        env.putAll(extra);
        return builder;
    }

    /** A running process whose output is collected as it comes. */
    private static final class Live {
        final Process process;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Live(Process process) {
            this.process = process;
            Thread pump = new Thread(() -> {
                try (var in = process.getInputStream()) {
                    byte[] b = new byte[4096];
                    int n;
                    while ((n = in.read(b)) > 0) {
                        synchronized (out) {
                            out.write(b, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // ended
                }
            });
            pump.setDaemon(true);
            pump.start();
        }

        String printed() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        String await(Pattern pattern) {
            return Poll.value("the process to print " + pattern, () -> {
                Matcher m = pattern.matcher(printed());
                return m.find() ? Optional.of(m.groupCount() > 0 ? m.group(1) : m.group()) : Optional.empty();
            }, this::printed);
        }

        /** Waits for the process to exit (a safety net only) and returns its exit code. */
        int exit() throws InterruptedException {
            assertThat(process.waitFor(Poll.SAFETY_NET.toSeconds(), TimeUnit.SECONDS)).as(Poll.hung("the login to exit")
                    + ":\n" + printed()).isTrue();
            return process.exitValue();
        }

        void type(String text) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
    }

    @Test
    void withNoTerminalAndNoBrowserLoginExplainsTheWaysThatWorkAndExits1AtOnce() throws Exception {
        Process process = builder(clauth("auth", "login"), Map.of())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(process.waitFor(Poll.SAFETY_NET.toSeconds(), TimeUnit.SECONDS)).as("exits instead of waiting").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(out).isEmpty();
        assertThat(err).startsWith("Cannot sign in here: there is no browser to open and no terminal to paste a code into.\n")
                .contains("clauth auth login --device", "clauth setup-token", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY")
                .doesNotContain("Exception", "\tat ");
        assertThat(server.http.requests).as("nothing was started at the server").isEmpty();
    }

    @Test
    void pastedCodesThroughAPipeAreForgivenAndExplained() throws Exception {
        Live login = new Live(builder(clauth("auth", "login"), Map.of("BROWSER", "/bin/true"))
                .redirectErrorStream(true).start());
        String manual = login.await(Pattern.compile("If the browser didn't open, visit:\n(\\S+)\n"));
        String page = browser.redirectOf(manual);
        String code = page.replaceAll(".*[?&]code=([^&]+).*", "$1");
        String state = page.replaceAll(".*[?&]state=([^&]+).*", "$1");

        login.type("that was easy\n");
        login.await(Pattern.compile("That is not a login code"));
        login.type(code + "#someone-elses-state\n");
        login.await(Pattern.compile("That code is from a different login attempt"));
        String whole = code + "#" + state;
        login.type("  " + whole.substring(0, 12) + "\n" + whole.substring(12) + "  \n");
        assertThat(login.exit()).as(login.printed()).isZero();
        assertThat(login.printed()).endsWith("Login successful.\n").doesNotContain("Invalid code");
        assertThat(Files.readString(home.resolve(".claude/.credentials.json"))).contains("clauth_at_test_");
    }

    @Test
    void theWholeCallbackAddressCanBePastedIntoTheProcess() throws Exception {
        Live login = new Live(builder(clauth("auth", "login"), Map.of("BROWSER", "/bin/true"))
                .redirectErrorStream(true).start());
        String manual = login.await(Pattern.compile("If the browser didn't open, visit:\n(\\S+)\n"));
        login.type(browser.redirectOf(manual) + "\n");
        assertThat(login.exit()).as(login.printed()).isZero();
        assertThat(login.printed()).endsWith("Login successful.\n");
    }

    @Test
    void aBusyFixedPortIsOneLineAndExit1() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Process process = builder(clauth("auth", "login", "--port", String.valueOf(port)), Map.of("BROWSER", "/bin/true"))
                    .start();
            process.getOutputStream().close();
            assertThat(process.waitFor(Poll.SAFETY_NET.toSeconds(), TimeUnit.SECONDS)).as(Poll.hung("the login to exit"))
                    .isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("Port " + port + " is in use; free it or choose another with --port\n");
        }
    }

    @Test
    void inATerminalTheCKeyCopiesTheUrlWithOsc52() throws Exception {
        assertThat(Path.of("/usr/bin/script")).as("util-linux script for a pseudo-terminal").exists();
        StringBuilder shell = new StringBuilder("stty cols 80; exec");
        for (String part : clauth("auth", "login", "--no-browser")) {
            shell.append(" '").append(part.replace("'", "'\\''")).append("'");
        }
        Live login = new Live(builder(List.of("script", "-qfec", shell.toString(), "/dev/null"), Map.of("TERM", "xterm"))
                .redirectErrorStream(true).start());
        String url = login.await(Pattern.compile("Use the url below to sign in \\(c to copy\\)\r?\n(\\S+)\r?\n"));
        assertThat(url).as("the URL is on one line, unbroken, though the terminal is 80 columns wide")
                .startsWith(server.base() + "/oauth/authorize?").hasSizeGreaterThan(200);
        Pty.awaitRawMode(login.process);
        login.type("c");
        login.await(Pattern.compile("Copied the URL"));
        String osc52 = "\u001b]52;c;" + Base64.getEncoder().encodeToString(url.getBytes(StandardCharsets.UTF_8)) + "\u0007";
        assertThat(login.printed()).contains(osc52);

        login.type(browser.redirectOf(url) + "\r");
        assertThat(login.exit()).as(login.printed()).isZero();
        assertThat(login.printed()).contains("Login successful.");
        assertThat(URI.create(url).getRawQuery()).contains("redirect_uri=" + java.net.URLEncoder.encode(server.base()
                + "/oauth/code/callback", StandardCharsets.UTF_8));
    }
}
