package dev.clauth.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself, on a fake checkout: it must find a planted secret, and say only its last 4. */
class LeakCheckTest {

    /** Built at run time, so that this class's own compiled constants hold no whole secret to trip over. */
    private static final String PLANTED = "clauth_at_" + "planted-for-the-checker-" + "wxyz";
    private static final String OTHER = "clauth_rt_" + "only-in-the-ledger-" + "0042";

    @TempDir
    Path root;

    private Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private void ledger() throws IOException {
        write("core/target/secrets/used.txt", PLANTED + "\n" + OTHER + "\nshort\n");
    }

    @Test
    void aSecretInASurefireOutputFileOfAnotherModuleIsReportedByFileAndLastFour() throws IOException {
        ledger();
        write("cli/target/surefire-reports/dev.clauth.cli.SomeTest-output.txt", "line\nAuthorization: Bearer " + PLANTED + "\n");
        write("cli/target/surefire-reports/dev.clauth.cli.SomeTest.txt", "Tests run: 1, Failures: 0\n");

        LeakCheck.Result result = LeakCheck.run(root);

        assertThat(result.secrets()).isEqualTo(2);
        assertThat(result.leaks()).containsExactly(new LeakCheck.Leak(
                Path.of("cli/target/surefire-reports/dev.clauth.cli.SomeTest-output.txt"), "wxyz"));
        assertThat(result.leaks().getFirst().toString()).contains("SomeTest-output.txt", "…wxyz")
                .doesNotContain(PLANTED.substring(0, PLANTED.length() - 4));
    }

    @Test
    void processLogsAndXmlReportsAreOutputsToo() throws IOException {
        ledger();
        write("e2e/target/process-output/server-1.log", "refresh with " + OTHER);
        write("server/target/surefire-reports/TEST-x.xml", "<failure message=\"expected " + PLANTED + "\"/>");

        assertThat(LeakCheck.run(root).leaks()).extracting(LeakCheck.Leak::lastFour).containsExactlyInAnyOrder("0042", "wxyz");
    }

    @Test
    void theFewExclusionsAreNotRead() throws IOException {
        ledger();
        write("core/target/test-classes/dev/clauth/Fixture.class", PLANTED);
        write("core/target/classes/constants.txt", PLANTED);
        write("cli/target/lib/some.jar", PLANTED);
        write("cli/target/clauth-cli.jsa", PLANTED);
        write("e2e/target/screenshots/console/page.png", PLANTED);
        write("e2e/target/screenshots/console/page.txt", PLANTED);
        write("server/target/data/clauth.mv.db", PLANTED);
        write("core/target/surefire-reports/clean-output.txt", "no secret here; " + "short");

        LeakCheck.Result result = LeakCheck.run(root);

        assertThat(result.leaks()).isEmpty();
        assertThat(result.files()).isEqualTo(1);
    }

    @Test
    void anOutputWithTheSecretInUtf8TextAroundItIsStillFound() throws IOException {
        ledger();
        write("e2e/target/process-output/run.log", "✓ Long-lived token: " + PLANTED + " ✓");

        assertThat(LeakCheck.run(root).leaks()).hasSize(1);
    }
}
