package dev.clauth.core.store;

import dev.clauth.core.ClauthException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock shared by every process that uses one credentials file: an OS file lock on
 * {@code .oauth_refresh.lock} next to the real (symlink-resolved) file, plus an in-process lock so
 * threads of one process queue instead of colliding. The OS releases it when a process dies, so a
 * crashed holder never blocks anyone.
 */
public final class StoreLock {

    public static final String LOCK_FILE = ".oauth_refresh.lock";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long PAUSE_MS = 50;

    private final Path credentialsFile;
    private final ReentrantLock inProcess = new ReentrantLock();

    StoreLock(Path credentialsFile) {
        this.credentialsFile = credentialsFile;
    }

    public <T> T call(Callable<T> action) {
        inProcess.lock();
        try {
            if (inProcess.getHoldCount() > 1) {
                return action.call();
            }
            Path lockFile = lockFile();
            AtomicFileWriter.createPrivateDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = acquire(channel)) {
                return action.call();
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw new ClauthException("Cannot lock " + credentialsFile.getParent() + ": "
                    + e.getClass().getSimpleName() + "; check that the directory is writable");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            inProcess.unlock();
        }
    }

    Path lockFile() throws IOException {
        return AtomicFileWriter.realTarget(credentialsFile).getParent().resolve(LOCK_FILE);
    }

    private FileLock acquire(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Held through another channel of this process; wait like any other holder.
            }
            if (System.nanoTime() > deadline) {
                throw new ClauthException("Another clauth process has held " + LOCK_FILE + " for over "
                        + WAIT.toSeconds() + " s; try again");
            }
            try {
                Thread.sleep(PAUSE_MS + (long) (Math.random() * PAUSE_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClauthException("Interrupted while waiting for " + LOCK_FILE);
            }
        }
    }
}
