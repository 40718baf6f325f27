package dev.clauth.e2e;

import dev.clauth.core.testing.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process a test talks to while it runs: it waits for what it prints and types into it. */
final class LiveProcess {
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;

    LiveProcess(List<String> command, Map<String, String> env, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        outPump = Run.pump(process.getInputStream(), out);
        errPump = Run.pump(process.getErrorStream(), err);
    }

    private String printed() {
        synchronized (out) {
            synchronized (err) {
                return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Waits until the output (stdout and stderr) matches {@code pattern}; returns the first group or the match.
     * Fails if the process ends first, or after {@link Poll#SAFETY_NET} (a safety net for a hung process).
     */
    String await(Pattern pattern) throws InterruptedException {
        return await(pattern, Poll.SAFETY_NET);
    }

    /** As {@link #await(Pattern)}, with another safety net. */
    String await(Pattern pattern, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = pattern.matcher(printed());
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError((process.isAlive() ? "still running without printing " + pattern + " after " + timeout
                + " (a safety net for a hung process)" : "ended without printing " + pattern) + "; printed:\n" + printed());
    }

    void type(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes its input and waits for it to end; fails after {@link Poll#SAFETY_NET} (a safety net for a hung process). */
    Run finish() throws InterruptedException {
        return finish(Poll.SAFETY_NET);
    }

    Run finish(Duration timeout) throws InterruptedException {
        return Sandbox.keep("(live)", finishShowingASecret(timeout));
    }

    /** {@link #finish()}, keeping nothing: for an output that is a secret by design; see {@link Sandbox#keep}. */
    Run finishShowingASecret() throws InterruptedException {
        return finishShowingASecret(Poll.SAFETY_NET);
    }

    /** {@link #finish}, keeping nothing: for an output that is a secret by design; see {@link Sandbox#keep}. */
    Run finishShowingASecret(Duration timeout) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + timeout + " (a safety net for a hung process); printed:\n"
                    + printed());
        }
        Run.drained(outPump, errPump);
        return new Run(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
