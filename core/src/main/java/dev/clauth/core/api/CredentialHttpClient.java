package dev.clauth.core.api;

import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpResponse;
import dev.clauth.core.credentials.Credential;
import dev.clauth.core.credentials.CredentialProvider;
import dev.clauth.core.credentials.CredentialResolver;
import dev.clauth.core.credentials.NotLoggedInException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sits under the SDK's retry layer: puts the credential the resolver picks on every attempt, pins
 * {@code anthropic-version}, and on a 401 (or a 403, for a provider that wants it, such as the
 * {@code apiKeyHelper}) asks the provider once for another credential (a forced refresh, a helper run)
 * and retries; a 401 that remains becomes {@link NotLoggedInException} with the provider's message.
 */
final class CredentialHttpClient implements HttpClient {

    static final String API_VERSION = "2023-06-01";

    private final HttpClient next;
    private final CredentialResolver resolver;
    private volatile CredentialProvider provider;

    CredentialHttpClient(HttpClient next, CredentialResolver resolver) {
        this.next = next;
        this.resolver = resolver;
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
        CredentialProvider chosen = provider();
        Credential credential = chosen.credential();
        HttpResponse response = next.execute(authorize(request, credential), options);
        int status = response.statusCode();
        if (status != 401 && status != 403) {
            return response;
        }
        Optional<Credential> another = chosen.afterRejection(credential, status);
        if (another.isEmpty()) {
            return refused(response, chosen);
        }
        response.close();
        return refused(next.execute(authorize(request, another.get()), options), chosen);
    }

    /** A 401 that no other credential can fix ends in one line saying what to do; anything else goes to the SDK. */
    private static HttpResponse refused(HttpResponse response, CredentialProvider provider) {
        if (response.statusCode() != 401) {
            return response;
        }
        response.close();
        throw new NotLoggedInException(provider.refusedMessage());
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
        return CompletableFuture.supplyAsync(() -> execute(request, options));
    }

    @Override
    public void close() {
        next.close();
    }

    private CredentialProvider provider() {
        CredentialProvider p = provider;
        if (p == null) {
            p = resolver.resolve().require();
            provider = p;
        }
        return p;
    }

    static HttpRequest authorize(HttpRequest request, Credential credential) {
        HttpRequest.Builder builder = request.toBuilder()
                .removeHeaders("authorization")
                .removeHeaders("x-api-key")
                .replaceHeaders("anthropic-version", API_VERSION);
        credential.headers().forEach(builder::putHeader);
        if (credential.needsOAuthBeta()) {
            List<String> betas = new ArrayList<>(request.headers().values("anthropic-beta"));
            if (betas.stream().noneMatch(b -> b.contains(Credential.OAUTH_BETA))) {
                betas.add(Credential.OAUTH_BETA);
            }
            builder.replaceHeaders("anthropic-beta", String.join(",", betas));
        }
        return builder.build();
    }
}
