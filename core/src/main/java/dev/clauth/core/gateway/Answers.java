package dev.clauth.core.gateway;

import dev.clauth.core.world.Keyboard;
import dev.clauth.core.world.World;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The yes/no questions of a sign-in, answered on the terminal (key by key when there is a keyboard) or by
 * lines on stdin (a script, a test). No answer — end of input, an empty line — is the default: no.
 */
final class Answers implements AutoCloseable {

    private final PrintStream out;
    private final Optional<Keyboard> keyboard;
    private final BufferedReader lines;

    private Answers(PrintStream out, Optional<Keyboard> keyboard, BufferedReader lines) {
        this.out = out;
        this.keyboard = keyboard;
        this.lines = lines;
    }

    static Answers of(World world) {
        Optional<Keyboard> keyboard = world.isTerminal() ? world.keyboard() : Optional.empty();
        return new Answers(world.out(), keyboard,
                new BufferedReader(new InputStreamReader(world.stdin(), StandardCharsets.UTF_8)));
    }

    /** Asks {@code question}; true only for an answer that starts with y. */
    boolean yes(String question) {
        out.print(question);
        out.flush();
        String answer;
        try {
            if (keyboard.isPresent()) {
                Keyboard.Input input = keyboard.get().readLine("");
                answer = input instanceof Keyboard.Input.Line line ? line.text() : null;
            } else {
                answer = lines.readLine();
                out.println();
            }
        } catch (IOException e) {
            answer = null;
        }
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }

    @Override
    public void close() {
        keyboard.ifPresent(Keyboard::close);
    }
}
