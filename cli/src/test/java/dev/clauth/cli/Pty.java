package dev.clauth.cli;

import dev.clauth.core.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The pseudo-terminal that {@code script} gives the {@code clauth} it runs, seen from outside. */
final class Pty {

    private Pty() {
    }

    /**
     * Waits until the {@code java} under {@code script} has put its terminal in raw mode (no line editing
     * by the terminal), so that a single key typed now reaches it as a key.
     */
    static void awaitRawMode(Process script) {
        Poll.until("clauth under script to put its terminal in raw mode", () -> terminal(script)
                .map(tty -> settings(tty).contains(" -icanon")).orElse(false));
    }

    /** The terminal of the {@code java} process under {@code script}, once it runs. */
    private static Optional<Path> terminal(Process script) {
        return script.descendants().filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst()
                .flatMap(java -> {
                    try {
                        return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(java.pid()), "fd", "0")));
                    } catch (IOException gone) {
                        return Optional.empty();
                    }
                });
    }

    /** What {@code stty -a} says of the terminal. */
    private static String settings(Path tty) {
        try {
            Process stty = new ProcessBuilder(List.of("stty", "-F", tty.toString(), "-a")).redirectErrorStream(true).start();
            String out = " " + new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace('\n', ' ');
            stty.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
