package dev.clauth.cli;

import dev.clauth.core.world.ForwardingWorld;
import dev.clauth.core.world.Keyboard;
import dev.clauth.core.world.World;
import java.util.Optional;
import org.jline.terminal.Terminal;

/**
 * The world as the interactive prompt lends it to a login: the same in every way, except that the keyboard
 * is the prompt's own terminal. A second terminal, or a thread reading stdin, would go on taking the lines
 * typed at the prompt after the login ended.
 */
final class PromptWorld extends ForwardingWorld {

    private final Terminal terminal;

    PromptWorld(World world, Terminal terminal) {
        super(world);
        this.terminal = terminal;
    }

    @Override
    public Optional<Keyboard> keyboard() {
        return world.isTerminal() ? Optional.of(JLineKeyboard.borrowing(terminal)) : Optional.empty();
    }
}
