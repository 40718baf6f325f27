package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupt store with the real command: {@code auth status} and {@code -p} report it in one line and
 * leave it; {@code auth login} moves it aside with a timestamp, says where, and saves the new login.
 */
class CorruptStoreE2eTest {
    @RegisterExtension
    static final RealServer server = new RealServer();

    @Test
    void aCorruptStoreIsReportedThenMovedAsideByTheNextLogin(@TempDir Path dir) throws Exception {
        Sandbox user = server.newUser(dir);
        Path file = user.credentialsFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"claudeAiOauth\": {oops");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        for (Run run : List.of(user.clauth("auth", "status"), user.clauth("-p", "hi"))) {
            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.err().strip()).as(run.toString()).isEqualTo(file + " is not valid JSON; run clauth auth login (it moves the bad file aside)");
        }
        assertThat(Files.readString(file)).isEqualTo("{\"claudeAiOauth\": {oops");

        Run login = user.clauth("auth", "login");
        assertThat(login.exit()).as(login + "\nbrowser:\n" + user.browserLog()).isZero();
        assertThat(login.out()).contains("The unreadable " + file + " was moved aside to " + file + ".corrupt-")
                .contains("Login successful.");
        try (Stream<Path> files = Files.list(file.getParent())) {
            Path aside = files.filter(p -> p.getFileName().toString().matches("\\.credentials\\.json\\.corrupt-\\d{8}T\\d{6}Z"))
                    .findFirst().orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo("{\"claudeAiOauth\": {oops");
        }
        assertThat(user.storedLogin().path("accessToken").asText()).startsWith("clauth_at_");
        Run prompt = user.clauth("-p", "after the move");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
    }
}
