package dev.clauth.core.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import dev.clauth.core.credentials.CredentialResolver;
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

    public static AnthropicClient create(CredentialResolver resolver, URI apiBase) {
        return builder(resolver, apiBase).build();
    }

    /** The builder, for a program that wants to set timeouts, retries and the like itself. */
    public static AnthropicOkHttpClient.Builder builder(CredentialResolver resolver, URI apiBase) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(apiBase.toString())
                .addInterceptor(next -> new CredentialHttpClient(next, resolver));
    }
}
