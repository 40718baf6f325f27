package dev.clauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.GatewayStandIn;
import dev.clauth.core.testing.LoggedInFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named profiles ({@code --profile}, {@code CLAUTH_PROFILE}, {@code auth switch}, {@code auth list}), each a
 * config dir the real {@code claude} can use, and {@code auth token}, the credential in use for another
 * program (the real Claude Code's {@code apiKeyHelper}).
 */
class ProfilesAndTokenTest {

    @TempDir
    Path home;

    private static int clauth(FakeWorld world, String... args) {
        return Main.run(world, args);
    }

    private static String printedSince(FakeWorld world, int mark) {
        return world.printed().substring(mark);
    }

    @Test
    void eachProfileIsAConfigDirOfItsOwnChosenByFlagVariableOrSwitch() throws Exception {
        try (GatewayStandIn gateway = new GatewayStandIn()) {
            FakeWorld world = new FakeWorld(home).set("BROWSER", "browser");
            world.setStdin(new ByteArrayInputStream("y\ny\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(clauth(world, "auth", "login", "--profile", "work", "--gateway", gateway.base())).isEqualTo(0);

            Path work = home.resolve(".clauth/profiles/work");
            assertThat(work.resolve(".credentials.json")).exists();
            assertThat(home.resolve(".claude/.credentials.json")).as("the default profile is untouched").doesNotExist();
            assertThat(Files.getPosixFilePermissions(work).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");

            assertThat(clauth(world, "--profile", "work", "auth", "status")).isEqualTo(0);
            assertThat(clauth(world, "auth", "status")).as("default: not logged in").isEqualTo(1);
            world.set("CLAUTH_PROFILE", "work");
            assertThat(clauth(world, "auth", "status")).isEqualTo(0);
            world.env.remove("CLAUTH_PROFILE");

            int mark = world.printed().length();
            assertThat(clauth(world, "auth", "switch", "work")).isEqualTo(0);
            assertThat(printedSince(world, mark)).contains("Now using the profile work (" + work + ")");
            mark = world.printed().length();
            assertThat(clauth(world, "auth", "status", "--json")).isEqualTo(0);
            assertThat(new ObjectMapper().readTree(printedSince(world, mark)).path("apiProvider").asText()).isEqualTo("gateway");

            mark = world.printed().length();
            assertThat(clauth(world, "auth", "list")).isEqualTo(0);
            assertThat(printedSince(world, mark)).contains("  default  " + home.resolve(".claude") + "  not logged in",
                    "* work  " + work + "  Cloud gateway · ada@example.test", "CLAUDE_CONFIG_DIR=<its dir>");

            assertThat(clauth(world, "auth", "switch", "default")).isEqualTo(0);
            assertThat(clauth(world, "auth", "status")).isEqualTo(1);
            assertThat(clauth(world, "auth", "switch", "nosuch")).isEqualTo(1);
            assertThat(world.errors()).contains("There is no profile nosuch; make it with clauth auth login --profile nosuch");
            assertThat(clauth(world, "--profile", "../etc", "auth", "status")).isEqualTo(1);
            assertThat(world.errors()).contains("CLAUTH_PROFILE (or --profile) must be a profile name");
        }
    }

    @Test
    void authTokenPrintsTheCredentialInUseRefreshedWhenAboutToExpire() throws Exception {
        try (LoggedInFixture fixture = new LoggedInFixture()) {
            fixture.storeLogin(Duration.ofMinutes(1));
            // the real claude's setting, in the config dir they share: clauth auth token must not run itself
            Files.writeString(fixture.configDir.resolve("settings.json"), "{\"apiKeyHelper\":\"clauth auth token\"}");

            assertThat(clauth(fixture.world, "auth", "token")).isEqualTo(0);
            assertThat(fixture.world.printed()).isEqualTo("clauth_at_test_1\n");
            assertThat(fixture.server.refreshGrants).hasValue(1);
            assertThat(fixture.world.started).as("no helper ran").isEmpty();

            int mark = fixture.world.printed().length();
            assertThat(clauth(fixture.world, "auth", "token", "--json")).isEqualTo(0);
            JsonNode json = new ObjectMapper().readTree(printedSince(fixture.world, mark));
            assertThat(json.path("token").asText()).isEqualTo("clauth_at_test_1");
            assertThat(json.path("source").asText()).isEqualTo("claude.ai");
            assertThat(json.path("kind").asText()).isEqualTo("bearer");
            assertThat(json.path("expiresAt").asLong()).isEqualTo(fixture.world.now().plusSeconds(28800).toEpochMilli());
            assertThat(fixture.server.refreshGrants).as("fresh now: no second refresh").hasValue(1);
        }
    }

    @Test
    void authTokenWithNothingToPrintSaysSoInOneLine() {
        FakeWorld world = new FakeWorld(home);
        assertThat(clauth(world, "auth", "token")).isEqualTo(1);
        assertThat(world.printed()).isEmpty();
        assertThat(world.errors()).isEqualTo("Not logged in · Please run clauth auth login\n");
    }
}
