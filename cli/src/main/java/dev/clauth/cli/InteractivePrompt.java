package dev.clauth.cli;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.Clauth;
import dev.clauth.core.api.ClauthAnthropicClient;
import dev.clauth.core.credentials.CustomApiKeyApproval;
import dev.clauth.core.credentials.ResolverOptions;
import dev.clauth.core.login.LoginOptions;
import dev.clauth.core.login.LogoutFlow;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code clauth} in a terminal: a JLine prompt where {@code /login}, {@code /logout}, {@code /status} and
 * {@code /config} work and every other line is a message to the API. A status line shows which credential
 * is in use; an {@code ANTHROPIC_API_KEY} from the environment is used only once the user approves it.
 */
final class InteractivePrompt {

    static final String HELP = "Commands: /login, /logout, /status, /config, /exit; anything else is sent as a message.";

    private final World world;
    private final ResolverOptions options;
    private final String model;
    private final List<String[]> conversation = new ArrayList<>();
    private LineReader reader;
    private PrintWriter out;
    private Clauth clauth;
    private AnthropicClient client;

    InteractivePrompt(World world, ResolverOptions options, String model) {
        this.world = world;
        this.options = options;
        this.model = model;
    }

    int run() {
        // UTF-8 whatever the locale says, as everything else clauth prints: '●' and '·' are not '?'.
        try (Terminal terminal = TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8)
                .stdinEncoding(StandardCharsets.UTF_8).stdoutEncoding(StandardCharsets.UTF_8).build()) {
            reader = LineReaderBuilder.builder().terminal(terminal).appName("clauth").build();
            out = terminal.writer();
            clauth = new Clauth(new PromptWorld(world, terminal), options.interactive(true).notices(this::notice));
            askAboutEnvironmentKey();
            showStatusLine();
            println(HELP);
            while (true) {
                String line;
                try {
                    line = reader.readLine("> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                if (!handle(line.strip())) {
                    return 0;
                }
            }
        } catch (IOException e) {
            world.err().println("Cannot use the terminal (" + e.getClass().getSimpleName() + "); use clauth -p PROMPT");
            return ErrorReporter.FAILED;
        } finally {
            closeClient();
        }
    }

    /** One line of input; false to end the session. */
    private boolean handle(String line) {
        if (line.isEmpty()) {
            return true;
        }
        try {
            switch (line) {
                case "/exit", "/quit" -> {
                    return false;
                }
                case "/status" -> println(clauth.status().toText());
                case "/login" -> {
                    clauth.login(LoginOptions.defaults());
                    changed();
                }
                case "/logout" -> {
                    clauth.logout();
                    println(LogoutFlow.SUCCESS);
                    changed();
                }
                case "/config" -> toggleCustomKey();
                case "/help" -> println(HELP);
                default -> {
                    if (line.startsWith("/")) {
                        println("Unknown command " + line.split("\\s+")[0] + ". " + HELP);
                    } else {
                        send(line);
                    }
                }
            }
        } catch (RuntimeException e) {
            println(ErrorReporter.message(e));
        }
        return true;
    }

    /** The reference's dialog, once per key: default No, the answer remembered in customApiKeyResponses. */
    private void askAboutEnvironmentKey() {
        CustomApiKeyApproval approval = clauth.customApiKey();
        if (!approval.needsAnswer()) {
            return;
        }
        println("Detected a custom API key in your environment");
        println("ANTHROPIC_API_KEY: " + approval.lastFour());
        println("Do you want to use this API key?");
        println("  1. Yes");
        println("❯ 2. No (recommended)");
        boolean yes;
        while (true) {
            String answer;
            try {
                answer = reader.readLine("Enter 1 or 2 (default 2): ").strip().toLowerCase();
            } catch (UserInterruptException | EndOfFileException e) {
                answer = "";
            }
            if (answer.isEmpty() || answer.equals("2") || answer.startsWith("n")) {
                yes = false;
                break;
            }
            if (answer.equals("1") || answer.startsWith("y")) {
                yes = true;
                break;
            }
        }
        approval.answer(yes);
        println(yes ? "Using ANTHROPIC_API_KEY; requests are billed to that key. Change this in /config."
                : "Not using ANTHROPIC_API_KEY. Change this in /config.");
    }

    /** {@code /config}: the "Use custom API key" toggle. */
    private void toggleCustomKey() {
        CustomApiKeyApproval approval = clauth.customApiKey();
        if (!approval.keyPresent()) {
            println("Use custom API key: no ANTHROPIC_API_KEY in the environment");
            return;
        }
        boolean on = approval.toggle();
        println("Use custom API key: " + (on ? "on" : "off") + " (ANTHROPIC_API_KEY " + approval.lastFour() + ")");
        changed();
    }

    private void send(String text) {
        MessageCreateParams.Builder params = MessageCreateParams.builder().model(model).maxTokens(4096);
        for (String[] turn : conversation) {
            params.addUserMessage(turn[0]).addAssistantMessage(turn[1]);
        }
        params.addUserMessage(text);
        String reply = ClauthAnthropicClient.text(client().messages().create(params.build()));
        conversation.add(new String[] {text, reply});
        println(reply);
    }

    private AnthropicClient client() {
        if (client == null) {
            client = clauth.anthropicClient();
        }
        return client;
    }

    /** The credential may have changed: the next message builds a new client, and the status line says so. */
    private void changed() {
        closeClient();
        showStatusLine();
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private void showStatusLine() {
        try {
            println("● " + clauth.status().shortLine());
        } catch (RuntimeException e) {
            println("● " + ErrorReporter.message(e));
        }
    }

    private void notice(String text) {
        if (reader != null && reader.isReading()) {
            reader.printAbove(text);
        } else {
            println(text);
        }
    }

    private void println(String text) {
        out.println(text);
        out.flush();
    }
}
