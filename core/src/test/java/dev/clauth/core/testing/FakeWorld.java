package dev.clauth.core.testing;

import dev.clauth.core.world.World;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A world for tests: a given environment and home, a settable clock, captured output, scripted stdin. */
public final class FakeWorld implements World {

    public final Map<String, String> env = new HashMap<>();
    public final List<List<String>> started = new CopyOnWriteArrayList<>();
    private final Path home;
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private volatile InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private volatile Consumer<List<String>> onStart = command -> { };
    private volatile boolean realProcesses;
    private volatile boolean realClock;
    private volatile Path workingDirectory;

    public FakeWorld(Path home) {
        this.home = home;
    }

    public FakeWorld set(String name, String value) {
        env.put(name, value);
        return this;
    }

    public void setNow(Instant instant) {
        now = instant;
    }

    public void setStdin(InputStream in) {
        stdin = in;
    }

    /** What a started program (the browser) does, run on its own thread. */
    public void onStart(Consumer<List<String>> action) {
        onStart = action;
    }

    /** Start real child processes instead of recording the command. */
    public void useRealProcesses() {
        realProcesses = true;
    }

    /** Let time pass as it really does (for tests of timers and background work). */
    public void useRealClock() {
        realClock = true;
    }

    public void setWorkingDirectory(Path directory) {
        workingDirectory = directory;
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory == null ? home : workingDirectory;
    }

    /** Every {@link #sleep} asked for, in order; sleeping returns at once and moves the clock on. */
    public final List<java.time.Duration> slept = new CopyOnWriteArrayList<>();
    /** Programs started with input, and the input each was given. */
    public final List<String> startedWithInput = new CopyOnWriteArrayList<>();
    private volatile boolean terminal;
    private volatile dev.clauth.core.world.Keyboard keyboard;

    /** Pretend stdin and stdout are a terminal; with a keyboard, keys are read from it. */
    public void setTerminal(boolean isTerminal, dev.clauth.core.world.Keyboard keys) {
        terminal = isTerminal;
        keyboard = keys;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public Optional<dev.clauth.core.world.Keyboard> keyboard() {
        return Optional.ofNullable(keyboard);
    }

    @Override
    public Process start(List<String> command, byte[] input) throws IOException {
        started.add(List.copyOf(command));
        startedWithInput.add(String.join(" ", command) + " < " + new String(input, StandardCharsets.UTF_8));
        return null;
    }

    @Override
    public void sleep(java.time.Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        slept.add(duration);
        now = now.plus(duration);
        sleptNanos.addAndGet(duration.toNanos());
        Thread.sleep(1);
    }

    private final java.util.concurrent.atomic.AtomicLong sleptNanos = new java.util.concurrent.atomic.AtomicLong();

    /** The real monotonic clock, moved on by every {@link #sleep} as the wall clock is. */
    @Override
    public long nanoTime() {
        return System.nanoTime() + sleptNanos.get();
    }

    public String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return realClock ? Instant.now() : now;
            }
        };
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public Process start(List<String> command) throws IOException {
        started.add(List.copyOf(command));
        if (realProcesses) {
            return new ProcessBuilder(command).start();
        }
        Consumer<List<String>> action = onStart;
        Thread thread = new Thread(() -> action.accept(command), "fake-browser");
        thread.setDaemon(true);
        thread.start();
        return null;
    }

    @Override
    public InputStream stdin() {
        return stdin;
    }

    @Override
    public PrintStream out() {
        return outStream;
    }

    @Override
    public PrintStream err() {
        return errStream;
    }
}
