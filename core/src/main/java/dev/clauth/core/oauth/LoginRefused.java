package dev.clauth.core.oauth;

/**
 * The one line for an authorization response that carries {@code error} instead of a code, whether it
 * reached the loopback callback or was pasted as an address. The error code is the server's (or
 * anyone's) text: only its harmless characters are shown, at most 64 of them.
 */
public final class LoginRefused {

    private static final int MAX_SHOWN = 64;

    private LoginRefused() {
    }

    public static String message(String error) {
        return "access_denied".equals(error)
                ? "Login cancelled: access was denied in the browser. Run clauth auth login to try again."
                : "Login failed: the authorization server answered " + printable(error) + ". Run clauth auth login to try again.";
    }

    private static String printable(String value) {
        String clean = value.replaceAll("[^A-Za-z0-9_.\\-]", "?");
        return clean.length() > MAX_SHOWN ? clean.substring(0, MAX_SHOWN) + "…" : clean;
    }
}
