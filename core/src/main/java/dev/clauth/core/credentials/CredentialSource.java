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
    }

    /** A short name for explanations, such as {@code stored login}. */
    String name();

    Detection detect();
}
