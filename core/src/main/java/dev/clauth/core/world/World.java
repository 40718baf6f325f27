package dev.clauth.core.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the library reads from, or does to, the outside: the environment, the clock, the home
 * directory, child processes, the terminal. Tests give the library a fake world instead of patching
 * globals; nothing else in the library calls {@code System.getenv}, {@code System.out} and the like.
 */
public interface World {

    /** An environment variable; empty when unset or blank. */
    Optional<String> env(String name);

    Clock clock();

    default Instant now() {
        return clock().instant();
    }

    Path home();

    /** Starts a program without a shell and without waiting for it. The arguments hold no secrets. */
    Process start(List<String> command) throws IOException;

    /**
     * Starts a program in {@code directory} with its stdin closed and its stdout and stderr piped back
     * to the caller; {@code extraEnv} is added to this process's environment. For {@code apiKeyHelper}.
     */
    default Process startCaptured(List<String> command, Path directory, java.util.Map<String, String> extraEnv)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(extraEnv);
        return builder.start();
    }

    /** What a program run to its end said: its exit code, stdout and stderr. */
    record Ran(int exit, String out, String err) {
    }

    /**
     * Runs a program without a shell to its end (killed after {@code timeout}), feeding it {@code input} on
     * stdin — for the macOS {@code security} tool, which reads a secret from stdin so that it is never on a
     * command line. Its output is bounded to 1 MB.
     */
    default Ran run(List<String> command, byte[] input, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).start();
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> readBounded(process.getInputStream()));
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> readBounded(process.getErrorStream()));
        try (var stdin = process.getOutputStream()) {
            stdin.write(input);
        } catch (IOException e) {
            // it exited before reading everything; its exit code says how it went
        }
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Ran(process.exitValue(), new String(out.join(), java.nio.charset.StandardCharsets.UTF_8),
                    new String(err.join(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static byte[] readBounded(InputStream in) {
        try (in) {
            return in.readNBytes(1 << 20);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The directory the program was started in (where a project's {@code .claude/settings.json} is). */
    default Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }

    /** True when stdin and stdout are a terminal, so that an interactive prompt can run. */
    default boolean isTerminal() {
        return false;
    }

    InputStream stdin();

    PrintStream out();

    PrintStream err();

    /** Key-by-key reading of the terminal, when there is one; empty otherwise (then stdin is read by lines). */
    default Optional<Keyboard> keyboard() {
        return Optional.empty();
    }

    /** Like {@link #start(List)}, but the program reads {@code input} on its stdin (a clipboard tool, say). */
    default Process start(List<String> command, byte[] input) throws IOException {
        throw new IOException("starting programs with input is not supported here");
    }

    /**
     * A monotonic clock in nanoseconds, for measuring how long something took or may still take (as
     * {@link System#nanoTime}); only differences between two readings mean anything.
     */
    default long nanoTime() {
        return System.nanoTime();
    }

    /** Waits; tests' worlds return at once and move their clock instead. */
    default void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** The operating system's name, lower case ({@code linux}, {@code mac os x}, …). */
    default String osName() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** A small text file such as {@code /proc/version}; empty when it cannot be read. */
    default Optional<String> readSmallFile(Path file) {
        try {
            return java.nio.file.Files.size(file) > 65_536 ? Optional.empty() : Optional.of(java.nio.file.Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
