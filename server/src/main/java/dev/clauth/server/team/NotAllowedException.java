package dev.clauth.server.team;

/** A member tried something their role does not allow; the console answers 403, the API permission_error. */
public final class NotAllowedException extends RuntimeException {

    public NotAllowedException(String message) {
        super(message, null, false, false);
    }
}
