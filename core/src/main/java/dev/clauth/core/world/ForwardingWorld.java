package dev.clauth.core.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A world that is another world in everything a subclass does not override. */
public abstract class ForwardingWorld implements World {

    protected final World world;

    protected ForwardingWorld(World world) {
        this.world = world;
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
    public Process start(List<String> command, byte[] input) throws IOException {
        return world.start(command, input);
    }

    @Override
    public Process startCaptured(List<String> command, Path directory, Map<String, String> extraEnv) throws IOException {
        return world.startCaptured(command, directory, extraEnv);
    }

    @Override
    public Ran run(List<String> command, byte[] input, Duration timeout) throws IOException {
        return world.run(command, input, timeout);
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
    public Optional<Keyboard> keyboard() {
        return world.keyboard();
    }

    @Override
    public long nanoTime() {
        return world.nanoTime();
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
