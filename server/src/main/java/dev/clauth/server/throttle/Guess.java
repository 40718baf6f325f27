package dev.clauth.server.throttle;

/**
 * What is being guessed, each with its own counters: an account's password (at sign-in, when an
 * existing account accepts an invitation, and on the password form, all counted together), or
 * a device flow's user code on the verification page.
 */
public enum Guess {
    PASSWORD("password"),
    DEVICE_CODE("device_code");

    private final String value;

    Guess(String value) {
        this.value = value;
    }

    String key(String what, String name) {
        return value + ":" + what + ":" + (name == null ? "" : name);
    }
}
