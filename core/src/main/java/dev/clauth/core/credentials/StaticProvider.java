package dev.clauth.core.credentials;

import java.util.Optional;

/**
 * A credential that is simply there (an environment variable, the Console key), never refreshed. Its
 * value is checked when it is first handed out, so that one unusable credential lower in the chain does
 * not stop the one that wins. A refusal cannot be fixed by asking again, so {@link #refusedMessage} says
 * which one to check.
 */
record StaticProvider(AuthMethod method, String source, Credential.Kind kind, String secret, Credential.Origin origin,
        String describe, String consequence) implements CredentialProvider {

    /** A value from the environment variable {@code variable}. */
    static StaticProvider fromEnvironment(AuthMethod method, String variable, Credential.Kind kind, String secret,
            String consequence) {
        return new StaticProvider(method, variable, kind, secret, new Credential.Origin(variable, "check how it was set"),
                variable + " is set", consequence);
    }

    @Override
    public Credential credential() {
        return Credential.read(kind, secret, origin);
    }

    @Override
    public Optional<String> hint() {
        return Optional.of(Credential.lastFour(secret));
    }

    @Override
    public String refusedMessage() {
        return "The API refused " + source + " (" + Credential.lastFour(secret) + "); check it, or unset it to use another credential";
    }
}
