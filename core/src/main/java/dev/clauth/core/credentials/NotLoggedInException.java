package dev.clauth.core.credentials;

import dev.clauth.core.ClauthException;

/** No credential can be used: nothing is configured, or the API refused what there was. */
public final class NotLoggedInException extends ClauthException {

    public NotLoggedInException() {
        this(Resolution.NOT_LOGGED_IN);
    }

    public NotLoggedInException(String message) {
        super(message);
    }
}
