package dev.clauth.core.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import dev.clauth.core.credentials.CloudProviderProvider;
import dev.clauth.core.credentials.CredentialResolver;
import dev.clauth.core.credentials.GatewayProvider;
import java.net.URI;

/**
 * A ready official Anthropic SDK client for a Java program: its base URL is the configured API
 * ({@code ANTHROPIC_BASE_URL}, else the local default) and every request carries the credential the
 * documented precedence picks, refreshed as needed. A request the API still refuses after one refresh
 * fails with {@code NotLoggedInException} ({@code Not logged in · Please run clauth auth login}).
 */
public final class ClauthAnthropicClient {

    private ClauthAnthropicClient() {
    }

    /** An answer's text: its text blocks, joined. */
    public static String text(Message answer) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : answer.content()) {
            block.text().ifPresent(t -> text.append(t.text()));
        }
        return text.toString();
    }

    public static AnthropicClient create(CredentialResolver resolver, URI apiBase) {
        return builder(resolver, apiBase).build();
    }

    /**
     * The builder, for a program that wants to set timeouts, retries and the like itself. When a cloud
     * provider switch is on, the client goes through that provider's SDK backend with its own credentials
     * and carries nothing of the Anthropic login; with a gateway sign-in every request goes to the gateway
     * (its pinned TLS, its bearer); otherwise it talks to {@code apiBase} with the
     * credential the resolver picks, per request.
     */
    public static AnthropicOkHttpClient.Builder builder(CredentialResolver resolver, URI apiBase) {
        var chosen = resolver.resolve().chosen();
        if (chosen.isPresent() && chosen.get() instanceof CloudProviderProvider cloud) {
            return AnthropicOkHttpClient.builder().backend(cloud.backend());
        }
        if (chosen.isPresent() && chosen.get() instanceof GatewayProvider gateway) {
            AnthropicOkHttpClient.Builder builder = firstParty(resolver, gateway.baseUrl());
            gateway.tls().ifPresent(tls -> builder.sslSocketFactory(tls.getSocketFactory()));
            gateway.trustManager().ifPresent(builder::trustManager);
            return builder;
        }
        return firstParty(resolver, apiBase);
    }

    private static AnthropicOkHttpClient.Builder firstParty(CredentialResolver resolver, URI apiBase) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(apiBase.toString())
                .addInterceptor(next -> new CredentialHttpClient(next, resolver));
    }
}
