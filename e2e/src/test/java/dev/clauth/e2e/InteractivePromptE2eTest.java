package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clauth} with no arguments in a pseudo-terminal ({@code script}), against the real server: {@code /login}
 * opens the stand-in browser, which signs in and approves; the status line turns from "not logged in" to the
 * account, {@code /status} says so, a message is answered, and {@code /logout} turns it back.
 */
class InteractivePromptE2eTest {
    @RegisterExtension
    static final RealServer server = new RealServer();

    @TempDir
    Path dir;
    Sandbox user;

    @BeforeEach
    void newUser() {
        user = server.newUser(dir);
        user.env.put("TERM", "dumb");
    }

    /** The prompt in a pseudo-terminal; what it shows is read back, lines typed go to its keyboard. */
    private LiveProcess prompt() {
        String clauth = "'" + ServerProcess.Layout.clauth().toString().replace("'", "'\\''") + "'";
        return new LiveProcess(List.of("script", "-qfec", clauth, "/dev/null"), user.env, dir);
    }

    /** Waits until the screen shows {@code texts} in this order (typed-text echo may fall in between). */
    private static void await(LiveProcess pty, String... texts) throws InterruptedException {
        StringBuilder pattern = new StringBuilder();
        for (String text : texts) {
            pattern.append(pattern.isEmpty() ? "" : "[\\s\\S]*").append(Pattern.quote(text));
        }
        pty.await(Pattern.compile(pattern.toString()));
    }

    @Test
    void loginStatusAndLogoutInThePromptChangeTheStatusLine() throws Exception {
        assertThat(Path.of("/usr/bin/script")).as("util-linux script for a pseudo-terminal").exists();
        String notLoggedIn = "Not logged in. Run clauth auth login to authenticate.";
        String account = "● claude.ai · " + ServerProcess.OWNER_EMAIL;
        LiveProcess pty = prompt();
        await(pty, "● not logged in");
        pty.type("/status");
        await(pty, "● not logged in", notLoggedIn);

        pty.type("/login");
        await(pty, notLoggedIn, "Opening browser to sign in…", "Login successful.", account);
        assertThat(user.storedLogin().path("accessToken").asText()).startsWith("clauth_at_");
        pty.type("/status");
        await(pty, account, "Login method: Claude Max account", "Auth token: claude.ai", "Organization: Personal",
                "Email: " + ServerProcess.OWNER_EMAIL);
        pty.type("hello from the prompt");
        await(pty, "Email: " + ServerProcess.OWNER_EMAIL, "You said: hello from the prompt");

        pty.type("/logout");
        await(pty, "You said: hello from the prompt", "Successfully logged out from your Anthropic account.",
                "● not logged in");
        pty.type("/status");
        await(pty, "Successfully logged out from your Anthropic account.", "● not logged in", notLoggedIn);
        pty.type("/exit");
        Run run = pty.finish();
        assertThat(run.exit()).as(run + "\nbrowser:\n" + user.browserLog()).isZero();
        assertThat(Files.readString(user.credentialsFile())).doesNotContain("clauth_at_", "clauth_rt_");
        assertThat(Sandbox.readJson(user.globalConfigFile()).has("oauthAccount")).isFalse();
    }
}
