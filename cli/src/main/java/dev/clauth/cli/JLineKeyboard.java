package dev.clauth.cli;

import dev.clauth.core.world.Keyboard;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;

/**
 * The terminal in raw mode through JLine: single keys act at once, lines are echoed and edited with
 * Backspace, escape sequences (arrows, bracketed-paste markers) are skipped. Ctrl+C still interrupts:
 * the terminal's signal keys stay on, and a shutdown hook puts the terminal back as it was.
 */
final class JLineKeyboard implements Keyboard {

    /** A hot key counts only when nothing else arrives this soon after it (a paste arrives at once). */
    private static final long ALONE_MS = 40;

    private final Terminal terminal;
    private final Attributes saved;
    private final NonBlockingReader reader;
    private final PrintWriter echo;
    private final Thread restore;
    /** Whether {@link #close()} closes the terminal too (not when it is borrowed from the interactive prompt). */
    private final boolean ownsTerminal;
    private volatile boolean closed;

    private JLineKeyboard(Terminal terminal, boolean ownsTerminal) {
        this.terminal = terminal;
        this.ownsTerminal = ownsTerminal;
        this.saved = terminal.enterRawMode();
        this.reader = terminal.reader();
        this.echo = terminal.writer();
        this.restore = new Thread(() -> terminal.setAttributes(saved), "clauth-terminal-restore");
        Runtime.getRuntime().addShutdownHook(restore);
    }

    /** The system terminal, when stdin is one that JLine can put in raw mode. */
    static Optional<Keyboard> open() {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).build();
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                terminal.close();
                return Optional.empty();
            }
            return Optional.of(new JLineKeyboard(terminal, true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The interactive prompt's own terminal, for a login started there: closing the keyboard leaves raw mode
     * but keeps the terminal, and no key typed after the login is taken from the prompt.
     */
    static Keyboard borrowing(Terminal terminal) {
        return new JLineKeyboard(terminal, false);
    }

    @Override
    public Input readLine(String hotKeys) throws IOException {
        StringBuilder line = new StringBuilder();
        while (!closed) {
            // Peek first: a key that arrives as the keyboard is closed stays for whoever reads next.
            if (reader.peek(200) == NonBlockingReader.READ_EXPIRED || closed) {
                continue;
            }
            int c = reader.read();
            if (c < 0) {
                return null;
            }
            if (c == '\r' || c == '\n') {
                echo.print("\r\n");
                echo.flush();
                return new Input.Line(line.toString());
            }
            if (c == 127 || c == 8) {
                if (!line.isEmpty()) {
                    line.setLength(line.length() - 1);
                    echo.print("\b \b");
                    echo.flush();
                }
            } else if (c == 27) {
                skipEscapeSequence();
            } else if (line.isEmpty() && hotKeys.indexOf(c) >= 0 && reader.peek(ALONE_MS) == NonBlockingReader.READ_EXPIRED) {
                return new Input.Key((char) c);
            } else if (c >= 32) {
                line.append((char) c);
                echo.print((char) c);
                echo.flush();
            }
        }
        return null;
    }

    private void skipEscapeSequence() throws IOException {
        int next = reader.read(ALONE_MS);
        if (next != '[' && next != 'O') {
            return;
        }
        for (int i = 0; i < 16; i++) {
            int c = reader.read(ALONE_MS);
            if (c < 0 || (c >= 0x40 && c <= 0x7e)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            terminal.setAttributes(saved);
            Runtime.getRuntime().removeShutdownHook(restore);
            if (ownsTerminal) {
                terminal.close();
            }
        } catch (IOException | RuntimeException e) {
            // the terminal is gone already
        }
    }
}
