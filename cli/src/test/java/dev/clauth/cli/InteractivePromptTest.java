package dev.clauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.store.OAuthAccount;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.AuthServerStandIn;
import dev.clauth.core.testing.Poll;
import dev.clauth.core.testing.RecordingApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive prompt as a person meets it: the real {@code clauth} in a pseudo-terminal (through
 * {@code script}), typed at line by line, its screen read back.
 */
class InteractivePromptTest {

    static final String KEY = "clauth_sk_interactive_env_key_0000_wxyz";
    static final String ACCESS = "clauth_at_interactive_login_7777";
    static final String TAIL = KEY.substring(KEY.length() - 20);

    static {
        dev.clauth.core.testing.SecretLedger.record(KEY, ACCESS);
    }

    @TempDir
    Path home;
    RecordingApi api;

    @BeforeEach
    void setUp() throws Exception {
        api = new RecordingApi();
        new CredentialStore(home.resolve(".claude").resolve(".credentials.json")).save(new StoredLogin(ACCESS,
                "clauth_rt_interactive_8888", System.currentTimeMillis() + 3_600_000L, List.of("user:inference"), "max",
                null, api.base(), "clauth-cli"));
        new GlobalConfig(home.resolve(".claude.json")).saveOAuthAccount(
                new OAuthAccount("acc-1", "ada@example.test", "org-1", "Personal", "Ada", null, null, null));
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    /** {@code clauth} with no arguments in a pseudo-terminal. */
    private final class Prompt implements AutoCloseable {
        final Process process;
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        final OutputStream keyboard;

        Prompt() throws IOException {
            this(Map.of("ANTHROPIC_API_KEY", KEY), "");
        }

        /** With {@code env} added to (an empty value: removed from) the usual environment, and JVM options. */
        Prompt(Map<String, String> env, String jvmOptions) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path args = home.resolve("java.args");
            Files.writeString(args, jvmOptions + "--enable-native-access=ALL-UNNAMED\n-cp\n\""
                    + System.getProperty("java.class.path") + "\"\n" + Main.class.getName() + "\n");
            ProcessBuilder builder = new ProcessBuilder("script", "-qfec", "'" + java + "' @'" + args + "'", "/dev/null");
            // No locale: the prompt prints UTF-8 ('●', '·') whatever the locale says.
            builder.environment().keySet().removeIf(k -> k.startsWith("CLAUDE_") || k.startsWith("ANTHROPIC_")
                    || k.equals("LANG") || k.startsWith("LC_"));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("TERM", "dumb");
            builder.environment().put("CLAUDE_CODE_CUSTOM_OAUTH_URL", api.base());
            builder.environment().put("ANTHROPIC_BASE_URL", api.base());
            env.forEach((name, value) -> {
                if (value.isEmpty()) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            builder.redirectErrorStream(true);
            process = builder.start();
            keyboard = process.getOutputStream();
            InputStream in = process.getInputStream();
            Thread.ofPlatform().daemon().start(() -> {
                byte[] buffer = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        synchronized (screen) {
                            screen.write(buffer, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
        }

        String screen() {
            synchronized (screen) {
                return screen.toString(StandardCharsets.UTF_8).replace("\r", "");
            }
        }

        /** Waits until the screen shows {@code text} after position {@code from}; returns where it ends. */
        int await(String text, int from) {
            return Poll.value("the screen to show \"" + text + "\"", () -> {
                int at = screen().indexOf(text, from);
                return at >= 0 ? Optional.of(at + text.length()) : Optional.empty();
            }, this::screen);
        }

        void type(String line) throws IOException {
            keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        @Override
        public void close() throws Exception {
            keyboard.close();
            if (!process.waitFor(Poll.SAFETY_NET.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(Poll.hung("the prompt to exit") + ":\n" + screen());
            }
        }
    }

    private JsonNode responses() throws IOException {
        return new ObjectMapper().readTree(Files.readString(home.resolve(".claude.json"))).path("customApiKeyResponses");
    }

    @Test
    void declinedByDefaultTheKeyIsNotUsedAndStatusSaysWhyThenConfigTurnsItOn() throws Exception {
        try (Prompt pty = new Prompt()) {
            int at = pty.await("Detected a custom API key in your environment", 0);
            at = pty.await("Do you want to use this API key?", at);
            at = pty.await("1. Yes", at);
            at = pty.await("2. No (recommended)", at);
            pty.type("");
            at = pty.await("● claude.ai · ada@example.test", at);

            pty.type("/status");
            at = pty.await("Login method: Claude Max account", at);
            at = pty.await("Not used: ANTHROPIC_API_KEY — ANTHROPIC_API_KEY is set but you declined it;"
                    + " turn on \"Use custom API key\" in /config to use it", at);

            pty.type("hello");
            at = pty.await("You said: hello", at);
            assertThat(api.messages().get(0).header("authorization")).isEqualTo("Bearer " + ACCESS);
            assertThat(api.messages().get(0).header("x-api-key")).isNull();

            pty.type("/config");
            at = pty.await("Use custom API key: on (ANTHROPIC_API_KEY …wxyz)", at);
            at = pty.await("● ANTHROPIC_API_KEY …wxyz", at);
            pty.type("hello");
            pty.await("You said: hello", at);
            assertThat(api.messages().get(1).header("x-api-key")).isEqualTo(KEY);
            assertThat(api.messages().get(1).header("authorization")).isNull();
            pty.type("/exit");
            pty.close();
            assertThat(pty.process.exitValue()).isZero();
            assertThat(pty.screen()).doesNotContain(KEY, ACCESS);
        }
        assertThat(responses().path("approved").toString()).contains(TAIL);
        assertThat(responses().path("rejected").toString()).doesNotContain(TAIL);
    }

    @Test
    void approvedOnceTheKeyIsUsedAndTheDialogIsNotShownAgain() throws Exception {
        try (Prompt pty = new Prompt()) {
            int at = pty.await("Do you want to use this API key?", 0);
            pty.type("1");
            at = pty.await("● ANTHROPIC_API_KEY …wxyz", at);
            pty.type("/status");
            at = pty.await("API key: ANTHROPIC_API_KEY (…wxyz)", at);
            pty.await("Not used: claude.ai — ANTHROPIC_API_KEY is set and takes precedence over your subscription"
                    + " login: requests are billed to that key", at);
            pty.type("/exit");
        }
        assertThat(responses().path("approved").toString()).contains(TAIL);

        try (Prompt again = new Prompt()) {
            int at = again.await("● ANTHROPIC_API_KEY …wxyz", 0);
            again.type("hi there");
            again.await("You said: hello", at);
            again.type("/exit");
            again.close();
            assertThat(again.screen()).doesNotContain("Detected a custom API key", KEY);
        }
        assertThat(api.messages()).singleElement().satisfies(r -> assertThat(r.header("x-api-key")).isEqualTo(KEY));
    }

    /** A {@code $BROWSER} that follows the sign-in URL in the background (the stand-in server approves at once). */
    private String browser() throws IOException {
        Path script = home.resolve("browser.sh");
        Files.writeString(script, "#!/bin/sh\ncurl -s -o /dev/null -L \"$1\" &\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    @Test
    void loginLogoutAndStatusInThePromptChangeTheStatusLine() throws Exception {
        Files.delete(home.resolve(".claude").resolve(".credentials.json"));
        Files.delete(home.resolve(".claude.json"));
        try (AuthServerStandIn server = new AuthServerStandIn();
                Prompt pty = new Prompt(Map.of("ANTHROPIC_API_KEY", "", "BROWSER", browser(),
                        "CLAUDE_CODE_CUSTOM_OAUTH_URL", server.base(), "ANTHROPIC_BASE_URL", server.base()), "")) {
            int at = pty.await("● not logged in", 0);
            pty.type("/status");
            at = pty.await("Not logged in. Run clauth auth login to authenticate.", at);

            pty.type("/login");
            at = pty.await("Opening browser to sign in…", at);
            at = pty.await("Login successful.", at);
            at = pty.await("● claude.ai · owner@clauth.local", at);
            pty.type("/status");
            at = pty.await("Login method: Claude Max account", at);
            at = pty.await("Email: owner@clauth.local", at);
            pty.type("hello");
            at = pty.await("You said: hello", at);
            assertThat(server.http.requestsTo("/v1/messages")).singleElement()
                    .satisfies(r -> assertThat(r.header("authorization")).startsWith("Bearer clauth_at_test_"));

            pty.type("/logout");
            at = pty.await("Successfully logged out from your Anthropic account.", at);
            at = pty.await("● not logged in", at);
            pty.type("/status");
            at = pty.await("Not logged in. Run clauth auth login to authenticate.", at);
            pty.type("/exit");
            pty.close();
            assertThat(pty.process.exitValue()).isZero();
            assertThat(pty.screen()).doesNotContain("clauth_at_", "clauth_rt_");
            assertThat(server.validRefreshTokens).as("logout revoked the refresh token").isEmpty();
        }
        assertThat(Files.readString(home.resolve(".claude").resolve(".credentials.json"))).doesNotContain("clauth_");
    }

    @Test
    void aSlowHelperIsAnnouncedInThePromptWhileTheMessageWaits() throws Exception {
        String helperKey = "clauth_sk_slow_helper_key_4321";
        Path helper = home.resolve("slow-helper.sh");
        // Slow until the test has seen the notice: it waits for a file the test then creates.
        Path go = home.resolve("helper-may-answer");
        Files.writeString(helper, "#!/bin/sh\nwhile [ -d '" + home + "' ] && [ ! -e '" + go + "' ]; do sleep 0.01; done\n"
                + "echo " + helperKey + "\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(home.resolve(".claude").resolve("settings.json"), "{\"apiKeyHelper\":\"" + helper + "\"}");
        try (Prompt pty = new Prompt(Map.of("ANTHROPIC_API_KEY", ""), "-Dclauth.apiKeyHelper.slowNoticeMs=500\n")) {
            int at = pty.await("● apiKeyHelper", 0);
            pty.type("hello");
            at = pty.await("apiKeyHelper is taking a while (", at);
            Files.writeString(go, "");
            at = pty.await("You said: hello", at);
            Matcher shown = Pattern.compile("apiKeyHelper is taking a while \\((\\d+)(ms|s)\\)").matcher(pty.screen());
            assertThat(shown.find()).as(pty.screen()).isTrue();
            assertThat(Long.parseLong(shown.group(1)) * (shown.group(2).equals("s") ? 1000 : 1))
                    .as("how long it has taken, once the notice time (500 ms) has passed").isGreaterThanOrEqualTo(500);
            assertThat(api.messages().get(0).header("x-api-key")).isEqualTo(helperKey);
            pty.type("/exit");
            pty.close();
            assertThat(pty.screen()).doesNotContain(helperKey);
        }
    }
}
