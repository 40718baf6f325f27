package dev.clauth.core.world;

import java.io.IOException;

/**
 * The terminal read key by key (raw mode), so that a single key can act at once while whole lines can
 * still be typed or pasted. The CLI provides one with JLine; the library itself needs no terminal library.
 */
public interface Keyboard extends AutoCloseable {

    /** What {@link #readLine} saw: a line ended by Enter, or a single key pressed on an empty line. */
    sealed interface Input {
        record Line(String text) implements Input {
        }

        record Key(char key) implements Input {
        }
    }

    /**
     * Reads the next line, echoing what is typed; a key in {@code hotKeys} pressed alone on an empty line
     * (not as part of a paste) is returned at once as a {@link Input.Key}. Null at end of input.
     */
    Input readLine(String hotKeys) throws IOException;

    /** Leaves raw mode. */
    @Override
    void close();
}
