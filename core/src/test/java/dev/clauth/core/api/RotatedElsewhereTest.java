package dev.clauth.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.store.ChildJava;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.Poll;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real second process whose access token another process rotated (and the server then refused): on
 * the 401 it reads the store first and uses the rotated tokens, sending no refresh of its own.
 */
class RotatedElsewhereTest {

    private final LoggedInFixture fixture = new LoggedInFixture();

    RotatedElsewhereTest() throws java.io.IOException {
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aProcessRefusedAfterAnotherRotatedUsesTheRotatedTokensWithoutRefreshing() throws Exception {
        // The child runs on the real clock, not the fixture's.
        fixture.store().save(new StoredLogin(LoggedInFixture.ACCESS, LoggedInFixture.REFRESH,
                System.currentTimeMillis() + 3_600_000L, List.of("user:inference", "user:profile"), "max", null,
                fixture.server.base(), "clauth-cli"));
        Map<String, String> env = Map.of("HOME", fixture.configDir.getParent().toString(),
                "CLAUDE_CONFIG_DIR", fixture.configDir.toString(),
                "CLAUDE_CODE_CUSTOM_OAUTH_URL", fixture.server.base(),
                "ANTHROPIC_BASE_URL", fixture.server.base());
        Process child = ChildJava.start(env, AskTwiceMain.class);
        try {
            ChildJava.awaitLine(child, "first ok");

            // Another process rotates the login; the server no longer takes the old access token.
            fixture.store().save(new StoredLogin("clauth_at_elsewhere", "clauth_rt_elsewhere",
                    System.currentTimeMillis() + 8 * 3_600_000L, List.of("user:inference", "user:profile"), "max", null,
                    fixture.server.base(), "clauth-cli"));
            fixture.server.validAccessTokens.remove(LoggedInFixture.ACCESS);
            fixture.server.validAccessTokens.add("clauth_at_elsewhere");
            try (OutputStream in = child.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            String rest = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(Poll.SAFETY_NET.toSeconds(), TimeUnit.SECONDS)).as(Poll.hung("the child to exit")).isTrue();

            assertThat(rest).contains("second ok");
            assertThat(fixture.server.refreshGrants).as("no refresh of its own").hasValue(0);
            assertThat(fixture.server.http.requestsTo("/v1/messages")).extracting(r -> r.header("authorization"))
                    .containsExactly("Bearer " + LoggedInFixture.ACCESS, "Bearer " + LoggedInFixture.ACCESS,
                            "Bearer clauth_at_elsewhere");
        } finally {
            ChildJava.kill9(child);
        }
    }
}
