package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clauth auth login --device} against a real server: the CLI shows a code, a stand-in browser on
 * "another device" signs in, types the code on the verification page and approves (or denies), and the
 * CLI, polling at the server's interval, stores the login as the browser login does. The timing cases
 * (slow_down, expiry) are tested against loopback stand-ins in core, where no test has to wait.
 */
class DeviceLoginE2eTest {
    @RegisterExtension
    static final RealServer server = new RealServer();

    @TempDir
    Path dir;
    Sandbox user;

    @BeforeEach
    void newUser() {
        user = server.newUser(dir);
        user.env.remove("BROWSER");
    }

    private BrowserStandIn otherDevice(boolean approve) {
        return new BrowserStandIn(ServerProcess.OWNER_EMAIL, ServerProcess.OWNER_PASSWORD, approve);
    }

    @Test
    void typingTheCodeOnTheVerificationPageAndApprovingLogsTheTerminalIn() throws Exception {
        LiveProcess login = user.start("auth", "login", "--device");
        URI page = URI.create(login.await(Pattern.compile("on any device:\n(\\S+)\n")));
        String code = login.await(Pattern.compile("enter the code: (\\S+)\n"));
        assertThat(page).isEqualTo(server.url().resolve("/oauth/device"));
        assertThat(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");

        BrowserStandIn.Outcome shown = otherDevice(true).typingUserCode(code.toLowerCase().replace("-", " "))
                .walk(page, server.url(), cb -> cb);
        assertThat(shown.last().uri().toString()).endsWith("/oauth/device?done=approved");
        assertThat(Jsoup.parse(shown.last().body()).getElementById("result")).isNotNull();

        Run run = login.finish();
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).endsWith("Login successful.\n");
        JsonNode stored = user.storedLogin();
        assertThat(stored.path("accessToken").asText()).startsWith("clauth_at_");
        assertThat(stored.path("refreshToken").asText()).startsWith("clauth_rt_");
        assertThat(stored.path("issuer").asText()).isEqualTo(server.url().toString());
        assertThat(Sandbox.readJson(user.globalConfigFile()).path("oauthAccount").path("emailAddress").asText())
                .isEqualTo(ServerProcess.OWNER_EMAIL);

        Run prompt = user.clauth("-p", "hello over a device login");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
        assertThat(prompt.out()).isEqualTo("You said: hello over a device login\n");
    }

    @Test
    void theCompleteVerificationUrlSkipsTypingTheCode() throws Exception {
        LiveProcess login = user.start("auth", "login", "--device");
        URI complete = URI.create(login.await(Pattern.compile("already holds the code:\n(\\S+)\n")));
        assertThat(complete.getRawQuery()).startsWith("user_code=");
        BrowserStandIn.Outcome shown = otherDevice(true).walk(complete, server.url(), cb -> cb);
        assertThat(shown.last().uri().toString()).endsWith("/oauth/device?done=approved");
        Run run = login.finish();
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(user.storedLogin().path("accessToken").asText()).startsWith("clauth_at_");
    }

    @Test
    void denyingOnTheOtherDeviceEndsTheLoginWithAClearMessage() throws Exception {
        LiveProcess login = user.start("auth", "login", "--device");
        URI page = URI.create(login.await(Pattern.compile("on any device:\n(\\S+)\n")));
        String code = login.await(Pattern.compile("enter the code: (\\S+)\n"));
        BrowserStandIn.Outcome shown = otherDevice(false).typingUserCode(code).walk(page, server.url(), cb -> cb);
        assertThat(shown.last().uri().toString()).endsWith("/oauth/device?done=denied");

        Run run = login.finish();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Login cancelled: access was denied on the verification page."
                + " Run clauth auth login --device to try again.\n");
        assertThat(user.credentialsFile()).doesNotExist();
    }
}
