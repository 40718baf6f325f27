package dev.clauth.core.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
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

    InputStream stdin();

    PrintStream out();

    PrintStream err();
}
