package dev.clauth.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.Clauth;
import dev.clauth.core.testing.AuthServerStandIn;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.StandInServer.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device login against a loopback stand-in whose token endpoint answers from a script; the fake
 * world's sleep returns at once and moves its clock, so the timing is exact and no test waits.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a safety net for a hung login; each test takes moments
class DeviceLoginFlowTest {

    @TempDir
    Path home;

    private AuthServerStandIn server;
    private FakeWorld world;
    /** What the token endpoint answers to each poll; once empty, it issues tokens. */
    private final Queue<Reply> polls = new ConcurrentLinkedQueue<>();
    private volatile int expiresIn = 600;

    @BeforeEach
    void setUp() throws IOException {
        server = new AuthServerStandIn();
        server.http.on("GET", "/.well-known/oauth-authorization-server", r -> Reply.json(200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/oauth/authorize","token_endpoint":"%1$s/v1/oauth/token",
                 "device_authorization_endpoint":"%1$s/v1/oauth/device/code","response_types_supported":["code"]}"""
                .formatted(server.base())));
        server.http.on("POST", "/v1/oauth/device/code", r -> Reply.json(200, """
                {"device_code":"dev-code-1","user_code":"WDJB-MJHT","verification_uri":"%1$s/oauth/device",
                 "verification_uri_complete":"%1$s/oauth/device?user_code=WDJB-MJHT","expires_in":%2$d,"interval":5}"""
                .formatted(server.base(), expiresIn)));
        server.http.on("POST", "/v1/oauth/token", r -> {
            assertThat(r.form()).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                    .containsEntry("device_code", "dev-code-1").containsEntry("client_id", "clauth-cli");
            Reply next = polls.poll();
            return next != null ? next : server.issue();
        });
        world = new FakeWorld(home)
                .set("CLAUDE_CONFIG_DIR", home.resolve("config").toString())
                .set("CLAUDE_CODE_CUSTOM_OAUTH_URL", server.base());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static Reply error(String code) {
        return Reply.json(400, "{\"error\":\"" + code + "\"}");
    }

    private void login() {
        new Clauth(world).login(LoginOptions.defaults().withDevice(true));
    }

    @Test
    void showsTheCodeAndPagePollsAtTheIntervalSlowsDownAndStoresTheLogin() throws Exception {
        polls.addAll(List.of(error("authorization_pending"), error("slow_down"), error("authorization_pending")));
        login();

        assertThat(world.printed()).isEqualTo("""
                To sign in, open this URL in a browser on any device:
                %1$s/oauth/device
                and enter the code: WDJB-MJHT
                Or open this URL, which already holds the code:
                %1$s/oauth/device?user_code=WDJB-MJHT
                Waiting for you to approve… (the code expires in 10 minutes)
                Login successful.
                """.formatted(server.base()));
        assertThat(world.slept).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10));
        assertThat(server.http.requestsTo("/v1/oauth/device/code").get(0).form())
                .containsEntry("client_id", "clauth-cli").containsKey("scope");
        assertThat(Files.readString(home.resolve("config/.credentials.json"))).contains("\"accessToken\":\"clauth_at_test_1\"")
                .contains("\"issuer\":\"" + server.base() + "\"");
        assertThat(Files.readString(home.resolve("config/.claude.json"))).contains("\"emailAddress\" : \"owner@clauth.local\"");
        assertThat(world.started).as("no browser is opened").isEmpty();
    }

    @Test
    void stopsWhenTheCodeExpiresWithoutApproval() {
        expiresIn = 12;
        for (int i = 0; i < 10; i++) {
            polls.add(error("authorization_pending"));
        }
        assertThatThrownBy(this::login).hasMessage(
                "The code expired before the login was approved; run clauth auth login --device to get a new one");
        assertThat(server.http.requestsTo("/v1/oauth/token")).hasSize(2);
        assertThat(world.slept).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(home.resolve("config/.credentials.json")).doesNotExist();
    }

    @Test
    void theServerSayingExpiredTokenEndsTheLoginTheSameWay() {
        polls.addAll(List.of(error("authorization_pending"), error("expired_token")));
        assertThatThrownBy(this::login).hasMessageStartingWith("The code expired before the login was approved");
    }

    @Test
    void denialOnTheVerificationPageEndsTheLoginClearly() {
        polls.addAll(List.of(error("authorization_pending"), error("access_denied")));
        assertThatThrownBy(this::login).hasMessage(
                "Login cancelled: access was denied on the verification page. Run clauth auth login --device to try again.");
        assertThat(home.resolve("config/.credentials.json")).doesNotExist();
    }

    @Test
    void aPollThatFailsWith503IsRetriedAndPollingGoesOn() throws Exception {
        polls.addAll(List.of(Reply.json(503, "{}"), Reply.json(503, "{}"), error("authorization_pending")));
        login();
        assertThat(world.printed()).endsWith("Login successful.\n");
        assertThat(server.http.requestsTo("/v1/oauth/token")).hasSize(4);
    }

    @Test
    void aServerWithoutDeviceLoginSaysSo() {
        server.http.on("GET", "/.well-known/oauth-authorization-server", r -> Reply.json(200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/oauth/authorize","token_endpoint":"%1$s/v1/oauth/token"}"""
                .formatted(server.base())));
        assertThatThrownBy(this::login).hasMessage("The authorization server at " + server.base()
                + " does not offer device login; run clauth auth login without --device");
    }
}
