package dev.clauth.cli;

import dev.clauth.core.world.Keyboard;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Terminal;

/**
 * The world as the interactive prompt lends it to a login: the same in every way, except that the keyboard
 * is the prompt's own terminal. A second terminal, or a thread reading stdin, would go on taking the lines
 * typed at the prompt after the login ended.
 */
final class PromptWorld implements World {

    private final World world;
    private final Terminal terminal;

    PromptWorld(World world, Terminal terminal) {
        this.world = world;
        this.terminal = terminal;
    }

    @Override
    public Optional<Keyboard> keyboard() {
        return world.isTerminal() ? Optional.of(JLineKeyboard.borrowing(terminal)) : Optional.empty();
    }

    @Override
    public Optional<String> env(String name) {
        return world.env(name);
    }

    @Override
    public Clock clock() {
        return world.clock();
    }

    @Override
    public Path home() {
        return world.home();
    }

    @Override
    public Process start(List<String> command) throws IOException {
        return world.start(command);
    }

    @Override
    public Process startCaptured(List<String> command, Path directory, Map<String, String> extraEnv) throws IOException {
        return world.startCaptured(command, directory, extraEnv);
    }

    @Override
    public Path workingDirectory() {
        return world.workingDirectory();
    }

    @Override
    public boolean isTerminal() {
        return world.isTerminal();
    }

    @Override
    public InputStream stdin() {
        return world.stdin();
    }

    @Override
    public PrintStream out() {
        return world.out();
    }

    @Override
    public PrintStream err() {
        return world.err();
    }

    @Override
    public Process start(List<String> command, byte[] input) throws IOException {
        return world.start(command, input);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        world.sleep(duration);
    }

    @Override
    public String osName() {
        return world.osName();
    }

    @Override
    public Optional<String> readSmallFile(Path file) {
        return world.readSmallFile(file);
    }
}
