package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 with real processes and the real server: 32 {@code clauth -p} started together on one login
 * whose access token has expired all succeed, the server issues exactly one refresh grant (its metrics),
 * and the store ends with the newest tokens, which work. Several rounds, with random small delays
 * between starts, and once with the store behind a symlink. (The benchmark runs more of the same.)
 */
class ManyProcessesE2eTest {
    private static final int PROCESSES = 32;
    private static final int ROUNDS = 3;

    @RegisterExtension
    static final RealServer server = new RealServer();

    private static void assertOneRefreshAndNewestTokens(ManyProcesses scenario, ManyProcesses.Round round) {
        String report = ManyProcesses.describe(round);
        assertThat(round.failures()).as(report).isEmpty();
        assertThat(round.succeeded()).as(report).isEqualTo(round.processes());
        assertThat(round.refreshGrants()).as("the server's metrics endpoint").isPresent();
        assertThat(round.refreshGrants().getAsLong()).as(report).isEqualTo(1);
        assertThat(round.newRefreshToken()).as("the store holds the rotated tokens").isNotEqualTo(round.oldRefreshToken());
        assertThat(scenario.storedTokensWork()).as("the stored access token works").isTrue();
    }

    @Test
    void manyProcessesOnOneExpiredLoginShareOneRefresh(@TempDir Path dir) throws Exception {
        Sandbox user = server.newUser(dir);
        ManyProcesses scenario = new ManyProcesses(server.process(), user);
        scenario.login();

        for (int r = 0; r < ROUNDS; r++) {
            ManyProcesses.Round round = scenario.round(PROCESSES, r == 0 ? 0 : 15, "plain-" + r);
            System.out.println("round " + r + ": " + ManyProcesses.describe(round));
            assertOneRefreshAndNewestTokens(scenario, round);
        }
        try (Stream<Path> files = Files.list(user.configDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temp files or stubs left").noneMatch(n -> n.contains(".tmp.") || n.contains(".corrupt-"));
        }
    }

    @Test
    void aSymlinkedStoreStaysALinkAndItsTargetGetsTheNewestTokens(@TempDir Path dir) throws Exception {
        Sandbox user = server.newUser(dir);
        ManyProcesses scenario = new ManyProcesses(server.process(), user);
        scenario.login();
        Path link = user.credentialsFile();
        Path target = dir.resolve("dotfiles/claude-credentials.json");
        Files.createDirectories(target.getParent());
        Files.move(link, target);
        Files.createSymbolicLink(link, target);

        ManyProcesses.Round round = scenario.round(PROCESSES, 10, "symlink");
        System.out.println("symlink round: " + ManyProcesses.describe(round));

        assertOneRefreshAndNewestTokens(scenario, round);
        assertThat(Files.isSymbolicLink(link)).as("the link survives").isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(target);
        assertThat(Files.readString(target)).contains(round.newRefreshToken());
    }
}
