package dev.clauth.core.oauth;

import dev.clauth.core.ClauthException;

/** The token endpoint refused or could not be used; {@link #kind()} tells a caller how to react. */
public final class TokenEndpointException extends ClauthException {

    public enum Kind {
        /** The grant (code or refresh token) is no longer valid: signing in again is the only way on. */
        INVALID_GRANT,
        /** Unreachable, timed out, or a 5xx / 429: the same request may work later. */
        TRANSIENT,
        /** Any other refusal or an unreadable answer. */
        REFUSED
    }

    private final Kind kind;

    public TokenEndpointException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
