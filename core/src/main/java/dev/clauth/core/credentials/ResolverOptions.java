package dev.clauth.core.credentials;

import dev.clauth.core.credentials.helper.HelperTiming;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What shapes the resolution besides the environment and the files: whether the interactive prompt is
 * asking (then {@code ANTHROPIC_API_KEY} needs the user's approval), {@code --bare}, {@code --settings},
 * how long the {@code apiKeyHelper} may take, where notices go (null: the world's stderr), and how the
 * cloud providers' own credentials are found.
 */
public record ResolverOptions(boolean interactive, boolean bare, Optional<String> settings, HelperTiming helperTiming,
        Consumer<String> notices, CloudCredentials cloudCredentials, boolean asApiKeyHelper) {

    public static ResolverOptions defaults() {
        return new ResolverOptions(false, false, Optional.empty(), HelperTiming.DEFAULT, null,
                CloudCredentials.PROVIDER_CHAINS, false);
    }

    /**
     * {@code clauth auth token}, which a settings file may name as the {@code apiKeyHelper}: the helper is left
     * out of the resolution, or the command would run itself.
     */
    public ResolverOptions asApiKeyHelper(boolean value) {
        return new ResolverOptions(interactive, bare, settings, helperTiming, notices, cloudCredentials, value);
    }

    public ResolverOptions interactive(boolean value) {
        return new ResolverOptions(value, bare, settings, helperTiming, notices, cloudCredentials, asApiKeyHelper);
    }

    public ResolverOptions bare(boolean value) {
        return new ResolverOptions(interactive, value, settings, helperTiming, notices, cloudCredentials, asApiKeyHelper);
    }

    /** {@code --settings}: a file path, or a JSON object. */
    public ResolverOptions settings(String value) {
        return new ResolverOptions(interactive, bare, Optional.ofNullable(value), helperTiming, notices, cloudCredentials, asApiKeyHelper);
    }

    public ResolverOptions helperTiming(HelperTiming value) {
        return new ResolverOptions(interactive, bare, settings, value, notices, cloudCredentials, asApiKeyHelper);
    }

    public ResolverOptions notices(Consumer<String> value) {
        return new ResolverOptions(interactive, bare, settings, helperTiming, value, cloudCredentials, asApiKeyHelper);
    }

    public ResolverOptions cloudCredentials(CloudCredentials value) {
        return new ResolverOptions(interactive, bare, settings, helperTiming, notices, value, asApiKeyHelper);
    }
}
