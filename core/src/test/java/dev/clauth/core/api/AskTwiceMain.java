package dev.clauth.core.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A long-running program on the library (as an editor plugin or a second session would be): one client,
 * one message, {@code first ok}; then, after a line on stdin, another message with the same client,
 * {@code second ok} or {@code second failed: <message>}.
 */
public final class AskTwiceMain {

    private AskTwiceMain() {
    }

    public static void main(String[] args) throws Exception {
        AnthropicClient client = Clauth.fromEnvironment().anthropicClient();
        MessageCreateParams hello = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                .addUserMessage("hello").build();
        client.messages().create(hello);
        System.out.println("first ok");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        try {
            client.messages().create(hello);
            System.out.println("second ok");
        } catch (ClauthException e) {
            System.out.println("second failed: " + e.getMessage());
        }
        System.out.flush();
        client.close();
    }
}
