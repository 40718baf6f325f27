package dev.clauth.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Run by the {@code suite-outputs} execution in the {@code verify} phase of this module, which comes last
 * in the reactor: every output of every module's tests, against every secret those tests recorded.
 */
class SuiteOutputsCheck {

    @Test
    void noOutputOfTheSuiteHoldsASecretItsTestsUsed() {
        Path root = Path.of(System.getProperty("clauth.root", "..")).toAbsolutePath().normalize();
        LeakCheck.Result result = LeakCheck.run(root);
        System.out.println("LeakCheck: " + result.secrets() + " recorded secrets, " + result.files() + " output files");
        assertThat(result.leaks()).as("outputs of the test suite holding a recorded secret (last 4 shown)")
                .extracting(LeakCheck.Leak::toString).isEmpty();
    }
}
