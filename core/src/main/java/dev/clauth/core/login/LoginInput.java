package dev.clauth.core.login;

import dev.clauth.core.world.Keyboard;
import dev.clauth.core.world.World;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;

/**
 * What the person at the terminal does during a login, read on a daemon thread and handed to the login
 * as events: lines typed or pasted, and the copy key {@code c}. With a keyboard (raw terminal) {@code c}
 * acts at once; reading plain stdin, a line holding only {@code c} does the same on a terminal.
 */
final class LoginInput implements AutoCloseable {

    sealed interface Event {
        record Line(String text) implements Event {
        }

        record CopyKey() implements Event {
        }

        record Ended() implements Event {
        }
    }

    static final char COPY_KEY = 'c';
    private static final int MAX_LINE = 8192;

    private final Keyboard keyboard;

    private LoginInput(Keyboard keyboard) {
        this.keyboard = keyboard;
    }

    static LoginInput start(World world, BlockingQueue<Object> events) {
        Keyboard keyboard = world.isTerminal() ? world.keyboard().orElse(null) : null;
        Runnable reader = keyboard != null ? () -> readKeys(keyboard, events) : () -> readLines(world, events);
        Thread thread = new Thread(reader, "clauth-login-input");
        thread.setDaemon(true);
        thread.start();
        return new LoginInput(keyboard);
    }

    private static void readKeys(Keyboard keyboard, BlockingQueue<Object> events) {
        try {
            Keyboard.Input input;
            while ((input = keyboard.readLine(String.valueOf(COPY_KEY))) != null) {
                events.add(input instanceof Keyboard.Input.Line line ? lineEvent(line.text()) : new Event.CopyKey());
            }
        } catch (IOException | RuntimeException e) {
            // the terminal went away, or the login closed it
        }
        events.add(new Event.Ended());
    }

    private static void readLines(World world, BlockingQueue<Object> events) {
        boolean terminal = world.isTerminal();
        BufferedReader reader = new BufferedReader(new InputStreamReader(world.stdin(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (terminal && line.strip().equals(String.valueOf(COPY_KEY))) {
                    events.add(new Event.CopyKey());
                } else {
                    events.add(lineEvent(line));
                }
            }
        } catch (IOException e) {
            // stdin closed or unreadable: only the callback can finish the login now
        }
        events.add(new Event.Ended());
    }

    private static Event.Line lineEvent(String text) {
        return new Event.Line(text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + "…" : text);
    }

    @Override
    public void close() {
        if (keyboard != null) {
            keyboard.close();
        }
    }
}
