package dev.clauth.core.credentials;

import java.util.Optional;

/**
 * A credential that is simply there (an environment variable, the Console key), never refreshed. A
 * refusal cannot be fixed by asking again, so {@link #refusedMessage} says which one to check.
 */
record StaticProvider(AuthMethod method, String source, Credential credential, String describe, String consequence)
        implements CredentialProvider {

    @Override
    public Credential credential() {
        return credential;
    }

    @Override
    public Optional<String> hint() {
        return Optional.of(credential.lastFour());
    }

    @Override
    public String refusedMessage() {
        return "The API refused " + source + " (" + credential.lastFour() + "); check it, or unset it to use another credential";
    }
}
