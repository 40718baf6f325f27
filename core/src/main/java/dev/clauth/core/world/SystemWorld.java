package dev.clauth.core.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The real world of the running process. */
public final class SystemWorld implements World {
    // UTF-8 whatever the locale says: the messages use characters such as '…' and '·', which a POSIX
    // locale would print as '?'. Terminals and pipes that read clauth's output are UTF-8 today.
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    private final java.util.function.Supplier<Optional<Keyboard>> keyboard;

    public SystemWorld() {
        this(Optional::empty);
    }

    /** A world whose terminal, when there is one, is read key by key through {@code keyboard} (the CLI's JLine). */
    public SystemWorld(java.util.function.Supplier<Optional<Keyboard>> keyboard) {
        this.keyboard = keyboard;
    }

    @Override
    public Optional<Keyboard> keyboard() {
        return isTerminal() ? keyboard.get() : Optional.empty();
    }

    @Override
    public Process start(List<String> command, byte[] input) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        return process;
    }

    @Override
    public Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** {@code $HOME} when set (as the reference reads it), else the JVM's idea of the home directory. */
    @Override
    public Path home() {
        return env("HOME").map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.home")));
    }

    @Override
    public Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Override
    public boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Console.isTerminal() is JDK 22+; from 22 on System.console() is not null without a terminal
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public InputStream stdin() {
        return System.in;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }
}
