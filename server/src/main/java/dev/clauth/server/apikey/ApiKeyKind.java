package dev.clauth.server.apikey;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API key is for: Claude Code only, or any use of the API. */
public enum ApiKeyKind {
    CLAUDE_CODE("claude_code", "Claude Code"),
    GENERAL("general", "General");

    private final String value;
    private final String label;

    ApiKeyKind(String value, String label) {
        this.value = value;
        this.label = label;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    public static Optional<ApiKeyKind> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.value.equals(wanted)).findFirst();
    }
}
