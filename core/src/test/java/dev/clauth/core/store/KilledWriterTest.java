package dev.clauth.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers of one store, killed with SIGKILL at random moments, a fixed number of times: after every kill
 * the file is complete, valid JSON holding a matching token pair, and temp files never pile up (at most
 * the killed writer's own, which the next writer removes, plus the one a live writer is writing). The
 * thousand-kill soak of the same is {@code bin/bench soak} (bench/README.md).
 */
class KilledWriterTest {

    private static final int WRITERS = 3;
    private static final int KILLS = 30;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a safety net for a hung writer: the kills take well under a minute
    void theStoreSurvivesWritersKilledAtRandomMoments() throws Exception {
        Path file = dir.resolve("config/.credentials.json");
        try (KilledWriters writers = new KilledWriters(file, WRITERS)) {
            for (int kill = 1; kill <= KILLS; kill++) {
                KilledWriters.AfterKill after = writers.killOne();
                assertThat(after.problem()).as("the store after kill " + kill).isEmpty();
                assertThat(after.tempFiles()).as("temp files after kill " + kill).isLessThanOrEqualTo(2);
            }
        }

        assertThat(KilledWriters.problem(file)).as("the store once every writer is gone").isEmpty();
        new CredentialStore(file).save(new CredentialStore(file).read().orElseThrow());
        assertThat(KilledWriters.tempFiles(file.getParent())).as("the next writer cleans up").isZero();
    }
}
