package dev.clauth.core.credentials.helper;

import dev.clauth.core.ClauthException;
import dev.clauth.core.world.World;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an {@code apiKeyHelper} once: {@code /bin/sh -c COMMAND} with no arguments in the working
 * directory; its trimmed stdout is the key. Stdout is bounded, the run has a timeout, and once it has
 * lasted {@link HelperTiming#slowNotice()} a notice says so. Every failure is one line that names the
 * helper by its program and the settings file it came from, never by the whole command (which may hold a
 * secret) and never with the key; what the helper wrote on stderr is shown {@link Redaction redacted}.
 */
public final class HelperRunner {

    public static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final int MAX_STDERR_BYTES = 8 * 1024;
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clauth-helper-timer");
        t.setDaemon(true);
        return t;
    });

    private final World world;
    private final String command;
    private final String origin;
    private final Map<String, String> env;
    private final HelperTiming timing;
    private final Consumer<String> notices;

    public HelperRunner(World world, String command, String origin, Map<String, String> env, HelperTiming timing,
            Consumer<String> notices) {
        this.world = world;
        this.command = command;
        this.origin = origin;
        this.env = Map.copyOf(env);
        this.timing = timing;
        this.notices = notices;
    }

    /**
     * The helper as messages name it: its program's file name (the first word that is not a
     * {@code NAME=value} assignment), redacted, and the settings file it came from:
     * {@code 'get-key' (in /home/ada/.claude/settings.json)}.
     */
    public String displayName() {
        String program = java.util.Arrays.stream(command.strip().split("\\s+"))
                .filter(word -> !word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")).findFirst().orElse("")
                .replaceAll("[\"'`]", "");
        program = Redaction.redact(program.substring(program.lastIndexOf('/') + 1), "").replaceAll("[^\\x21-\\x7e]", "?");
        if (program.length() > 40) {
            program = program.substring(0, 40) + "…";
        }
        return (program.isEmpty() ? "" : "'" + program + "' ") + "(in " + origin + ")";
    }

    /** Runs the helper and returns the key, or fails with {@code apiKeyHelper failed: …}. */
    public String run() {
        long started = world.nanoTime();
        Process process;
        try {
            process = world.startCaptured(List.of("/bin/sh", "-c", command), world.workingDirectory(), env);
        } catch (IOException e) {
            throw failed("could not be started (" + e.getClass().getSimpleName() + ")");
        }
        CompletableFuture<Bounded> stdout = readAsync(process.getInputStream(), MAX_OUTPUT_BYTES, () -> kill(process));
        CompletableFuture<Bounded> stderr = readAsync(process.getErrorStream(), MAX_STDERR_BYTES, null);
        ScheduledFuture<?> notice = TIMERS.schedule(() -> {
            if (process.isAlive()) {
                notices.accept("apiKeyHelper is taking a while (" + format(Duration.ofNanos(world.nanoTime() - started))
                        + ")");
            }
        }, timing.slowNotice().toMillis(), TimeUnit.MILLISECONDS);
        try {
            boolean ended = process.waitFor(timing.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(process);
                throw failed("timed out after " + format(timing.timeout()));
            }
            Bounded out = drained(stdout);
            if (out.truncated()) {
                throw failed("printed more than " + MAX_OUTPUT_BYTES / 1024 + " KiB");
            }
            String key = out.text().strip();
            String errText = drained(stderr).text();
            if (process.exitValue() != 0) {
                throw failed("exited with status " + process.exitValue() + stderrSuffix(errText, key));
            }
            if (key.isEmpty()) {
                throw failed("printed nothing" + stderrSuffix(errText, key));
            }
            if (key.contains("\n") || key.contains("\r")) {
                throw failed("printed more than one line; it must print only the key");
            }
            return key;
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw failed("was interrupted");
        } finally {
            notice.cancel(false);
        }
    }

    private ClauthException failed(String what) {
        return new ClauthException("apiKeyHelper failed: " + displayName() + " " + what);
    }

    /** The helper's last stderr line, with anything that looks like the key blotted out. */
    static String stderrSuffix(String stderr, String key) {
        String redacted = Redaction.redact(stderr, key);
        String last = redacted.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
        last = last.replaceAll("\\p{Cntrl}", " ");
        if (last.isEmpty()) {
            return "";
        }
        return ": " + (last.length() > 200 ? last.substring(0, 200) + "…" : last);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static String format(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
    }

    private record Bounded(String text, boolean truncated) {
    }

    /** What a stream held; a helper that left a child holding the pipe open gets what was read so far. */
    private static Bounded drained(CompletableFuture<Bounded> reading) {
        try {
            return reading.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return new Bounded("", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Bounded("", false);
        }
    }

    /** Reads {@code in} up to {@code limit} bytes; past that, {@code onOverflow} runs (or, when null, the rest is dropped). */
    private static CompletableFuture<Bounded> readAsync(InputStream in, int limit, Runnable onOverflow) {
        CompletableFuture<Bounded> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            boolean truncated = false;
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) != -1) {
                    if (truncated) {
                        continue; // stderr past its bound is read and dropped, so the helper never blocks on it
                    }
                    int room = limit - buffer.size();
                    if (n > room) {
                        truncated = true;
                        if (onOverflow != null) {
                            onOverflow.run();
                            break;
                        }
                        buffer.write(chunk, 0, room);
                        continue;
                    }
                    buffer.write(chunk, 0, n);
                }
            } catch (IOException e) {
                // the process was killed; what was read is all there is
            }
            result.complete(new Bounded(buffer.toString(StandardCharsets.UTF_8), truncated));
        }, "clauth-helper-output");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
