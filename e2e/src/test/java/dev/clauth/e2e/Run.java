package dev.clauth.e2e;

import dev.clauth.core.testing.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The outcome of one finished process: exit code and everything it printed. */
record Run(int exit, String out, String err) {

    String all() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** Runs a command to its end (or kills it after {@code timeout}, a safety net for a hung one), feeding it {@code stdin}. */
    static Run of(List<String> command, Map<String, String> env, Path dir, String stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = pump(p.getInputStream(), out);
            Thread e = pump(p.getErrorStream(), err);
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process may exit before reading its input
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                o.join(2000);
                e.join(2000);
                throw new AssertionError("still running after " + timeout + " (a safety net for a hung command), killed: "
                        + command + "\n" + new Run(-1,
                        out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
            }
            drained(o, e);
            return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Waits until the pumps of an ended process have read all it wrote (its pipes close as it ends). */
    static void drained(Thread... pumps) throws InterruptedException {
        for (Thread pump : pumps) {
            pump.join(Poll.SAFETY_NET.toMillis());
            if (pump.isAlive()) {
                throw new AssertionError("the output of an ended process is still being read after " + Poll.SAFETY_NET
                        + " (a safety net): something it started holds its pipe");
            }
        }
    }

    static Thread pump(InputStream in, OutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // stream closed with the process
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
