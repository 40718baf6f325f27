package dev.clauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.AuthServerStandIn;
import dev.clauth.core.testing.Poll;
import dev.clauth.core.testing.StandInServer.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code clauth} as a child process: the environment it reads is the process's own; a 403 that says
 * the OAuth token was revoked is treated like a 401 (refresh, retry once, else one line saying to log in).
 */
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
        assertThat(process.waitFor(Poll.SAFETY_NET.toSeconds(), TimeUnit.SECONDS)).as(Poll.hung("clauth to exit")).isTrue();
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

    private static final String REVOKED = """
            {"type":"error","error":{"type":"permission_error","message":"OAuth token has been revoked. Please obtain a new token."}}""";

    private void storeLogin(AuthServerStandIn server) {
        server.validRefreshTokens.add("clauth_rt_process");
        new CredentialStore(home.resolve(".claude").resolve(".credentials.json")).save(new StoredLogin(
                "clauth_at_process", "clauth_rt_process", System.currentTimeMillis() + 3_600_000L,
                List.of("user:inference"), "max", null, server.base(), "clauth-cli"));
    }

    /** The API answers 403 "OAuth token revoked" to {@code revoked}, and as the stand-in does to any other token. */
    private static void revoking(AuthServerStandIn server, java.util.function.Predicate<String> revoked) {
        server.http.on("POST", "/v1/messages", r -> {
            String token = String.valueOf(r.header("authorization")).replaceFirst("^Bearer ", "");
            if (revoked.test(token)) {
                return Reply.json(403, REVOKED);
            }
            return server.validAccessTokens.contains(token) ? Reply.json(200, """
                    {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                     "content":[{"type":"text","text":"You said: hello"}],"stop_reason":"end_turn",
                     "stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":3}}""")
                    : Reply.json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid\"}}");
        });
    }

    @Test
    void aTokenTheApiCallsRevokedIsRefreshedLikeA401AndThePromptAnswered() throws Exception {
        try (AuthServerStandIn server = new AuthServerStandIn()) {
            storeLogin(server);
            revoking(server, "clauth_at_process"::equals);

            Result prompt = clauth(server, "-p", "hello");
            assertThat(prompt.exit()).as(prompt.err()).isZero();
            assertThat(prompt.out()).isEqualTo("You said: hello\n");
            assertThat(server.refreshGrants).hasValue(1);
            assertThat(server.http.requestsTo("/v1/messages")).extracting(r -> r.header("authorization"))
                    .containsExactly("Bearer clauth_at_process", "Bearer clauth_at_test_1");
            assertThat(Files.readString(home.resolve(".claude").resolve(".credentials.json")))
                    .contains("\"accessToken\":\"clauth_at_test_1\"", "\"refreshToken\":\"clauth_rt_test_1\"");
            assertThat(prompt.out() + prompt.err()).doesNotContain("clauth_at_", "clauth_rt_");
        }
    }

    @Test
    void aTokenStillRevokedAfterTheRefreshEndsWithOneLineSayingToLogInAgain() throws Exception {
        try (AuthServerStandIn server = new AuthServerStandIn()) {
            storeLogin(server);
            revoking(server, token -> true);

            Result prompt = clauth(server, "-p", "hello");
            assertThat(prompt.exit()).isEqualTo(1);
            assertThat(prompt.out()).isEmpty();
            assertThat(prompt.err()).isEqualTo("OAuth token revoked · Please run clauth auth login\n");
            assertThat(server.refreshGrants).hasPositiveValue();
        }
    }
}
