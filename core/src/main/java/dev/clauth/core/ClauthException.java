package dev.clauth.core;

import com.anthropic.errors.AnthropicException;

/**
 * A failure a user can meet and fix. Its message is one line that says what happened and what to do,
 * and never contains a secret. It extends the SDK's base exception so that a Java program using the
 * client from {@code dev.clauth.core.api} catches every failure with one {@code catch}.
 */
public class ClauthException extends AnthropicException {
    public ClauthException(String message) {
        super(message);
    }

    public ClauthException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Text from elsewhere (a server's message) made fit for a one-line message: no control characters, at most 200. */
    public static String oneLine(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
