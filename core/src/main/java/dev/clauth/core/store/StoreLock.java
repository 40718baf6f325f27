package dev.clauth.core.store;

import dev.clauth.core.ClauthException;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock shared by every process that uses one credentials file: an OS file lock on
 * {@code .oauth_refresh.lock} in the directory of the real (symlink-resolved, realpath'd) file, plus an
 * in-process lock per real file so threads of one process queue instead of colliding. Two config dirs
 * that resolve to one file therefore share one lock.
 *
 * <p>Staleness: the lock is an OS advisory lock ({@code fcntl}), never the mere existence of a file or
 * directory, so it dies with its holder: a crashed or SIGKILLed process blocks nobody, not even for a
 * second. The lock file itself stays (empty) and means nothing on its own. A live holder is waited for
 * at most {@link #WAIT}, longer than one token request may take, measured and slept through the
 * {@link World} (its monotonic clock and its sleep), so tests can drive the wait.
 */
public final class StoreLock {

    public static final String LOCK_FILE = ".oauth_refresh.lock";
    /** Longer than the token endpoint's 30 s timeout, so a slow but live refresh is waited out. */
    static final Duration WAIT = Duration.ofSeconds(45);
    private static final long PAUSE_MS = 20;
    /** One in-process lock per real lock file, whichever {@code CredentialStore} instance asks. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path credentialsFile;
    private final World world;

    StoreLock(Path credentialsFile, World world) {
        this.credentialsFile = credentialsFile;
        this.world = world;
    }

    /** Runs {@code action} holding the lock, waiting for another holder up to {@link #WAIT}. */
    public <T> T call(Callable<T> action) {
        Held<T> held = run(WAIT, action);
        if (held == null) {
            throw new ClauthException("Another clauth process has held " + LOCK_FILE + " for over "
                    + WAIT.toSeconds() + " s; try again");
        }
        return held.value();
    }

    /**
     * Runs {@code action} holding the lock if it can be had within {@code wait}; empty when another
     * holder kept it that long (or when {@code action} returned null).
     */
    public <T> Optional<T> tryCall(Duration wait, Callable<T> action) {
        Held<T> held = run(wait, action);
        return held == null ? Optional.empty() : Optional.ofNullable(held.value());
    }

    private record Held<T>(T value) {
    }

    /** The action's result, or null when the lock could not be had within {@code wait}. */
    private <T> Held<T> run(Duration wait, Callable<T> action) {
        long deadline = world.nanoTime() + wait.toNanos();
        Path lockFile;
        try {
            lockFile = lockFile();
        } catch (IOException e) {
            throw cannotLock(e);
        }
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        try {
            if (!inProcess.tryLock(Math.max(0, deadline - world.nanoTime()), TimeUnit.NANOSECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClauthException("Interrupted while waiting for " + LOCK_FILE);
        }
        try {
            if (inProcess.getHoldCount() > 1) {
                return new Held<>(action.call());
            }
            AtomicFileWriter.createPrivateDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    AtomicFileWriter.privateFile())) {
                FileLock lock = acquire(channel, deadline);
                if (lock == null) {
                    return null;
                }
                try (lock) {
                    return new Held<>(action.call());
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw cannotLock(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            inProcess.unlock();
        }
    }

    /**
     * {@code .oauth_refresh.lock} next to the real credentials file: symlinks followed, and the directory
     * taken by its real path when it exists, so every spelling of one location gives one lock path.
     */
    public Path lockFile() throws IOException {
        Path dir = AtomicFileWriter.realTarget(credentialsFile).getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? dir.resolve(LOCK_FILE)
                : existing.toRealPath().resolve(existing.relativize(dir)).resolve(LOCK_FILE);
    }

    private ClauthException cannotLock(IOException e) {
        return new ClauthException("Cannot lock " + credentialsFile.toAbsolutePath().getParent() + ": "
                + e.getClass().getSimpleName() + "; check that the directory is writable");
    }

    private FileLock acquire(FileChannel channel, long deadline) throws IOException {
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Held through another channel of this process; wait like any other holder.
            }
            if (world.nanoTime() > deadline) {
                return null;
            }
            try {
                world.sleep(Duration.ofMillis(PAUSE_MS + ThreadLocalRandom.current().nextLong(PAUSE_MS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClauthException("Interrupted while waiting for " + LOCK_FILE);
            }
        }
    }
}
