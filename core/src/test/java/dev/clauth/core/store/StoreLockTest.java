package dev.clauth.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.testing.FakeWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {

    @TempDir
    Path dir;

    @Test
    void theWaitForALiveHolderRunsOnTheWorldsClockAndSleep() throws Exception {
        Path file = dir.resolve("config/.credentials.json");
        Process holder = ChildJava.start(LockHolderMain.class, file.toString());
        try {
            ChildJava.awaitLine(holder, "locked");
            FakeWorld world = new FakeWorld(dir);
            long start = System.nanoTime();
            assertThat(new CredentialStore(file, world).lock().tryCall(Duration.ofSeconds(45), () -> "mine"))
                    .as("45 s of the world's time, waited for in pauses it slept").isEmpty();
            long realMs = (System.nanoTime() - start) / 1_000_000;
            long sleptMs = sleptMillis(world);
            assertThat(sleptMs + realMs).as("the world's clock (the real one plus what it slept) passed 45 s")
                    .isGreaterThanOrEqualTo(45_000);
            assertThat(sleptMs).as("the wait ended on the world's clock, not after 45 s of real time spent in its pauses")
                    .isLessThanOrEqualTo(45_000 + 40);
            assertThat(world.slept).allSatisfy(d -> assertThat(d.toMillis()).isBetween(20L, 40L));
        } finally {
            ChildJava.kill9(holder);
        }
    }

    @Test
    void aHolderKilledWithSigkillBlocksNobody() throws Exception {
        Path file = dir.resolve("config/.credentials.json");
        Process holder = ChildJava.start(LockHolderMain.class, file.toString());
        try {
            ChildJava.awaitLine(holder, "locked");
            CredentialStore store = new CredentialStore(file);
            assertThat(store.lock().tryCall(Duration.ofMillis(300), () -> "mine"))
                    .as("a live holder is waited for").isEmpty();

            ChildJava.kill9(holder);
            FakeWorld world = new FakeWorld(dir);
            Optional<String> got = new CredentialStore(file, world).lock().tryCall(Duration.ofSeconds(5), () -> "mine");

            assertThat(got).contains("mine");
            assertThat(sleptMillis(world)).as("the OS let the lock go with its holder: under a second of waiting")
                    .isLessThan(1000);
            assertThat(file.resolveSibling(StoreLock.LOCK_FILE)).exists();
        } finally {
            holder.destroyForcibly();
        }
    }

    private static long sleptMillis(FakeWorld world) {
        return world.slept.stream().mapToLong(Duration::toMillis).sum();
    }

    @Test
    void twoConfigDirsThatResolveToOneFileShareOneLockAcrossProcesses() throws Exception {
        Path shared = dir.resolve("shared/creds.json");
        Files.createDirectories(shared.getParent());
        Files.writeString(shared, "{}");
        Path a = dir.resolve("a/.credentials.json");
        Path b = dir.resolve("b/.credentials.json");
        Files.createDirectories(a.getParent());
        Files.createDirectories(b.getParent());
        Files.createSymbolicLink(a, shared);
        Files.createSymbolicLink(b, shared);
        Path linkedDir = dir.resolve("c");
        Files.createSymbolicLink(linkedDir, shared.getParent());

        Path expected = shared.getParent().toRealPath().resolve(StoreLock.LOCK_FILE);
        assertThat(new CredentialStore(a).lock().lockFile()).isEqualTo(expected);
        assertThat(new CredentialStore(b).lock().lockFile()).isEqualTo(expected);
        assertThat(new CredentialStore(linkedDir.resolve("creds.json")).lock().lockFile()).isEqualTo(expected);
        assertThat(new CredentialStore(dir.resolve("a/../shared/./creds.json")).lock().lockFile()).isEqualTo(expected);

        Process holder = ChildJava.start(LockHolderMain.class, a.toString());
        try {
            ChildJava.awaitLine(holder, "locked");
            assertThat(new CredentialStore(b).lock().tryCall(Duration.ofMillis(300), () -> "b"))
                    .as("held through a, so b waits").isEmpty();
        } finally {
            ChildJava.kill9(holder);
        }
        assertThat(new CredentialStore(b).lock().tryCall(Duration.ofSeconds(5), () -> "b")).contains("b");
    }

    @Test
    void threadsOfOneProcessQueueWhicheverStoreInstanceTheyUse() throws Exception {
        Path file = dir.resolve(".credentials.json");
        CredentialStore one = new CredentialStore(file);
        CredentialStore two = new CredentialStore(file);
        int[] counter = {0};
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            CredentialStore store = t % 2 == 0 ? one : two;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    store.lock().call(() -> counter[0]++);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(counter[0]).isEqualTo(1600);
    }
}
