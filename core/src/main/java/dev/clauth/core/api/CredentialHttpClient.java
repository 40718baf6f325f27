package dev.clauth.core.api;

import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpResponse;
import dev.clauth.core.credentials.Credential;
import dev.clauth.core.credentials.CredentialProvider;
import dev.clauth.core.credentials.CredentialResolver;
import dev.clauth.core.credentials.NotLoggedInException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Sits under the SDK's retry layer: puts the credential the resolver picks on every attempt, pins
 * {@code anthropic-version}, and on a 401 (or a 403, for a provider that wants it, such as the
 * {@code apiKeyHelper}) asks the provider once for another credential (a forced refresh, a helper run)
 * and retries; a 401 that remains becomes {@link NotLoggedInException} with the provider's message. A 403
 * to an OAuth token whose error says the token was revoked counts as a 401 ({@code OAuth token revoked ·
 * Please run clauth auth login} when no fresh token helps).
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
        try {
            return authorizedExecute(request, options);
        } catch (RuntimeException e) {
            // A gateway presenting another certificate than the one trusted: one line saying what to do.
            var changed = dev.clauth.core.gateway.GatewayTls.mismatchIn(e);
            if (changed.isPresent()) {
                throw new dev.clauth.core.ClauthException(changed.get().userMessage());
            }
            throw e;
        }
    }

    private HttpResponse authorizedExecute(HttpRequest request, RequestOptions options) {
        CredentialProvider chosen = provider();
        Credential credential = chosen.credential();
        HttpResponse response = revocationReadable(next.execute(authorize(request, credential), options), credential);
        int status = response.statusCode();
        if (status != 401 && status != 403) {
            return response;
        }
        // A 403 saying the OAuth token was revoked is a 401 in all but status (as the reference treats it).
        Optional<Credential> another = chosen.afterRejection(credential, saysTokenRevoked(response, credential) ? 401 : status);
        if (another.isEmpty()) {
            return refused(response, credential, chosen);
        }
        response.close();
        return refused(revocationReadable(next.execute(authorize(request, another.get()), options), another.get()),
                another.get(), chosen);
    }

    /** A 401 that no other credential can fix ends in one line saying what to do; anything else goes to the SDK. */
    private static HttpResponse refused(HttpResponse response, Credential sent, CredentialProvider provider) {
        if (saysTokenRevoked(response, sent)) {
            response.close();
            throw new NotLoggedInException(TOKEN_REVOKED);
        }
        if (response.statusCode() != 401) {
            return response;
        }
        response.close();
        throw new NotLoggedInException(provider.refusedMessage());
    }

    static final String TOKEN_REVOKED = "OAuth token revoked · Please run clauth auth login";
    private static final Pattern REVOKED = Pattern.compile("(?i)oauth token[^\"]{0,40}revoked");

    /** A 403 to an OAuth token is read into memory (it is small), so that its message can be looked at and still passed on. */
    private static HttpResponse revocationReadable(HttpResponse response, Credential credential) {
        return response.statusCode() == 403 && credential.kind() == Credential.Kind.OAUTH_TOKEN ? response.buffered() : response;
    }

    /** Only for a response {@link #revocationReadable} buffered: its body can be read again. */
    private static boolean saysTokenRevoked(HttpResponse response, Credential sent) {
        if (response.statusCode() != 403 || sent.kind() != Credential.Kind.OAUTH_TOKEN) {
            return false;
        }
        try {
            InputStream body = response.body();
            return REVOKED.matcher(new String(body.readNBytes(8192), StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
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
