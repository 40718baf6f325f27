package dev.clauth.core.credentials;

import com.anthropic.backends.Backend;
import com.anthropic.bedrock.backends.BedrockBackend;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.foundry.backends.FoundryBackend;
import com.anthropic.vertex.backends.VertexBackend;
import dev.clauth.core.ClauthException;
import dev.clauth.core.world.World;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * A cloud provider chosen by its switch. It has no Anthropic credential: it builds the SDK backend that
 * signs or authorises each request with the provider's credentials. {@code ANTHROPIC_BEDROCK_BASE_URL},
 * {@code ANTHROPIC_VERTEX_BASE_URL} and {@code ANTHROPIC_FOUNDRY_BASE_URL} point a backend at a gateway.
 */
public final class CloudProviderProvider implements CredentialProvider {

    private final CloudProvider provider;
    private final World world;
    private final CloudCredentials credentials;

    CloudProviderProvider(CloudProvider provider, World world, CloudCredentials credentials) {
        this.provider = provider;
        this.world = world;
        this.credentials = credentials;
    }

    public CloudProvider provider() {
        return provider;
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.THIRD_PARTY;
    }

    @Override
    public String source() {
        return provider.variable();
    }

    @Override
    public String apiProvider() {
        return provider.apiProvider();
    }

    @Override
    public Credential credential() {
        throw new ClauthException(provider.displayName() + " requests are authorised by its own backend, not an"
                + " Anthropic credential");
    }

    @Override
    public String describe() {
        return provider.variable() + " is set";
    }

    @Override
    public String consequence() {
        return "requests go to " + provider.displayName() + " with its own credentials";
    }

    /** The SDK backend for this provider, with its credentials and region from the environment. */
    public Backend backend() {
        return switch (provider) {
            case BEDROCK -> bedrock();
            case FOUNDRY -> foundry();
            case VERTEX -> vertex();
        };
    }

    private Backend bedrock() {
        BedrockBackend.Builder builder = BedrockBackend.builder()
                .region(Region.of(env("AWS_REGION").or(() -> env("AWS_DEFAULT_REGION")).orElse("us-east-1")));
        Optional<String> bearer = env("AWS_BEARER_TOKEN_BEDROCK");
        if (bearer.isPresent()) {
            builder.apiKey(bearer.get());
        } else {
            builder.awsCredentialsProvider(credentials.aws(world));
        }
        BedrockBackend backend = builder.build();
        return env("ANTHROPIC_BEDROCK_BASE_URL").<Backend>map(url -> new BaseUrlBackend(backend, url)).orElse(backend);
    }

    private Backend foundry() {
        FoundryBackend.Builder builder = FoundryBackend.builder().apiKey(env("ANTHROPIC_FOUNDRY_API_KEY").orElseThrow(
                () -> new ClauthException("CLAUDE_CODE_USE_FOUNDRY is set but ANTHROPIC_FOUNDRY_API_KEY is not;"
                        + " set it (Azure sign-in is not supported yet)")));
        Optional<String> baseUrl = env("ANTHROPIC_FOUNDRY_BASE_URL");
        if (baseUrl.isPresent()) {
            builder.baseUrl(baseUrl.get());
        } else {
            builder.resource(env("ANTHROPIC_FOUNDRY_RESOURCE").orElseThrow(() -> new ClauthException(
                    "CLAUDE_CODE_USE_FOUNDRY is set but neither ANTHROPIC_FOUNDRY_RESOURCE nor"
                            + " ANTHROPIC_FOUNDRY_BASE_URL is; set one")));
        }
        return builder.build();
    }

    private Backend vertex() {
        VertexBackend.Builder builder = VertexBackend.builder()
                .region(env("CLOUD_ML_REGION").orElse("us-east5"))
                .project(env("ANTHROPIC_VERTEX_PROJECT_ID").orElseThrow(() -> new ClauthException(
                        "CLAUDE_CODE_USE_VERTEX is set but ANTHROPIC_VERTEX_PROJECT_ID is not; set it to your"
                                + " Google Cloud project")))
                .googleCredentials(credentials.google(world));
        env("ANTHROPIC_VERTEX_BASE_URL").ifPresent(builder::baseUrl);
        return builder.build();
    }

    private Optional<String> env(String name) {
        return world.env(name).map(String::strip);
    }

    /** A backend as it is, but at another base URL (Bedrock's builder has no setter for it). */
    private record BaseUrlBackend(Backend delegate, String baseUrl) implements Backend {
        @Override
        public HttpRequest prepareRequest(HttpRequest request) {
            return delegate.prepareRequest(request);
        }

        @Override
        public HttpRequest authorizeRequest(HttpRequest request) {
            return delegate.authorizeRequest(request);
        }

        @Override
        public HttpResponse prepareResponse(HttpResponse response) {
            return delegate.prepareResponse(response);
        }

        @Override
        public boolean supportsMessageThreads() {
            return delegate.supportsMessageThreads();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
