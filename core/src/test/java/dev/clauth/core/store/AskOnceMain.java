package dev.clauth.core.store;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.Clauth;
import dev.clauth.core.api.ClauthAnthropicClient;

/** One message through the library with the credential the environment gives; prints {@code ok: <answer>} or {@code failed: <message>}. */
public final class AskOnceMain {

    private AskOnceMain() {
    }

    public static void main(String[] args) {
        try {
            AnthropicClient client = Clauth.fromEnvironment().anthropicClient();
            try {
                System.out.println("ok: " + ClauthAnthropicClient.text(client.messages().create(MessageCreateParams.builder()
                        .model("claude-sonnet-4-5").maxTokens(16).addUserMessage("hello").build())));
            } finally {
                client.close();
            }
        } catch (RuntimeException e) {
            System.out.println("failed: " + e.getMessage());
        }
        System.out.flush();
    }
}
