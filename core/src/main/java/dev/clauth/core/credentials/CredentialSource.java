package dev.clauth.core.credentials;

/**
 * One way of authenticating (an environment variable, a helper, the stored login…). Detecting it reads
 * only local state; the network is used later, by the {@link CredentialProvider} it yields.
 */
public interface CredentialSource {

    /** The result of looking: a provider, or why this source does not apply. */
    sealed interface Detection {
        record Found(CredentialProvider provider) implements Detection {
        }

        record Absent(String reason) implements Detection {
        }

        /** Configured, but not to be used here (declined, or left out by {@code --bare}); {@code reason} says so. */
        record Ignored(String source, String reason) implements Detection {
        }
    }

    /** A short name for explanations, such as {@code stored login}. */
    String name();

    Detection detect();

    /** How explanations name this source when another one wins over it: {@code the stored login}. */
    default String noun() {
        return "the " + name();
    }
}
