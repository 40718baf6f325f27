package dev.clauth.core.testing;

import dev.clauth.core.world.Keyboard;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A raw terminal for tests: what a person presses is queued with {@link #press} and {@link #enter}. */
public final class FakeKeyboard implements Keyboard {

    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    public volatile boolean closed;

    public void press(char key) {
        inputs.add(new Input.Key(key));
    }

    public void enter(String line) {
        inputs.add(new Input.Line(line));
    }

    @Override
    public Input readLine(String hotKeys) {
        try {
            Input input = inputs.take();
            return input instanceof Input.Key key && hotKeys.indexOf(key.key()) < 0
                    ? new Input.Line(String.valueOf(key.key())) : input;
        } catch (InterruptedException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
