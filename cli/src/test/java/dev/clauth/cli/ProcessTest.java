package dev.clauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.AuthServerStandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code clauth} as a child process: the environment it reads is the process's own. */
class ProcessTest {

    @TempDir
    Path home;

    private record Result(int exit, String out, String err) {
    }

    private Result clauth(AuthServerStandIn server, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("CLAUDE_") || k.startsWith("ANTHROPIC_"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("CLAUDE_CODE_CUSTOM_OAUTH_URL", server.base());
        builder.environment().put("ANTHROPIC_BASE_URL", server.base());
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void homeComesFromTheEnvironmentAndThePromptUsesTheStoredLogin() throws Exception {
        try (AuthServerStandIn server = new AuthServerStandIn()) {
            Result loggedOut = clauth(server, "auth", "status", "--text");
            assertThat(loggedOut.exit()).isEqualTo(1);
            assertThat(loggedOut.out()).startsWith("Not logged in. Run clauth auth login to authenticate.");

            server.validAccessTokens.add("clauth_at_process");
            new CredentialStore(home.resolve(".claude").resolve(".credentials.json")).save(new StoredLogin(
                    "clauth_at_process", "clauth_rt_process", System.currentTimeMillis() + 3_600_000L,
                    List.of("user:inference"), "pro", null, server.base(), "clauth-cli"));

            Result status = clauth(server, "auth", "status", "--text");
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).startsWith("Login method: Claude Pro account\n");

            Result prompt = clauth(server, "-p", "hello");
            assertThat(prompt.exit()).as(prompt.err()).isZero();
            assertThat(prompt.out()).isEqualTo("You said: hello\n");
            assertThat(prompt.out() + prompt.err() + status.out()).doesNotContain("clauth_at_process", "clauth_rt_process");
        }
    }
}
