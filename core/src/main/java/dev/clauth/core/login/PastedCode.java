package dev.clauth.core.login;

import java.util.Optional;

/** A pasted {@code code#state}: trimmed, split on the first {@code #}; either part empty → invalid. */
public record PastedCode(String code, String state) {

    public static final String INVALID = "Invalid code. Please make sure the full code was copied.";

    public static Optional<PastedCode> parse(String input) {
        String text = input.trim();
        int hash = text.indexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new PastedCode(text.substring(0, hash), text.substring(hash + 1)));
    }

    @Override
    public String toString() {
        return "PastedCode[…]";
    }
}
