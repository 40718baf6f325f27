package dev.clauth.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers of one store, killed with SIGKILL at random moments, hundreds of times: after every kill the
 * file is complete, valid JSON holding a matching token pair, and temp files never pile up (at most the
 * killed writer's own, which the next writer removes, plus the one a live writer is writing).
 */
class KilledWriterTest {

    private static final int WRITERS = 3;
    private static final int KILLS = 300;
    private static final long BUDGET_NANOS = 45_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void theStoreSurvivesWritersKilledAtRandomMoments() throws Exception {
        Path file = dir.resolve("config/.credentials.json");
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            writers.add(ChildJava.start(StoreWriterMain.class, file.toString()));
        }
        int kills = 0;
        int maxTemps = 0;
        long start = System.nanoTime();
        try {
            for (; kills < KILLS && System.nanoTime() - start < BUDGET_NANOS; kills++) {
                int slot = kills % WRITERS;
                Process victim = writers.get(slot);
                ChildJava.awaitLine(victim, "writing");
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 40));
                ChildJava.kill9(victim);
                writers.set(slot, ChildJava.start(StoreWriterMain.class, file.toString()));

                assertCompleteWithMatchingPair(file, kills);
                maxTemps = Math.max(maxTemps, tempFiles(file.getParent()));
                assertThat(maxTemps).as("temp files after kill " + kills).isLessThanOrEqualTo(2);
            }
        } finally {
            for (Process p : writers) {
                ChildJava.kill9(p);
            }
        }
        System.out.printf("KilledWriterTest: %d kills in %d ms, at most %d temp files seen%n", kills,
                (System.nanoTime() - start) / 1_000_000, maxTemps);
        assertThat(kills).as("enough kills in the time budget").isGreaterThanOrEqualTo(100);

        assertCompleteWithMatchingPair(file, kills);
        new CredentialStore(file).save(new CredentialStore(file).read().orElseThrow());
        assertThat(tempFiles(file.getParent())).as("the next writer cleans up").isZero();
    }

    private static void assertCompleteWithMatchingPair(Path file, int kill) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode login = JsonFile.MAPPER.readTree(bytes).path(CredentialStore.KEY);
        String access = login.path("accessToken").asText();
        String refresh = login.path("refreshToken").asText();
        assertThat(access).as("after kill " + kill).startsWith("clauth_at_kill_");
        assertThat(refresh).as("after kill " + kill).startsWith("clauth_rt_kill_");
        String n = refresh.substring("clauth_rt_kill_".length());
        assertThat(access).as("one write's pair").startsWith("clauth_at_kill_" + n + "_").endsWith("x".repeat(100));
        assertThat(new CredentialStore(file).read()).isPresent();
    }

    private static int tempFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.getFileName().toString().startsWith(".credentials.json.tmp.")).count();
        }
    }
}
