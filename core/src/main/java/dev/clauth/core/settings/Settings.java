package dev.clauth.core.settings;

import java.util.Map;
import java.util.Optional;

/**
 * What one settings file says that clauth reads: {@code apiKeyHelper} and {@code env}. {@code origin}
 * names the file (or {@code --settings}) for messages.
 */
public record Settings(String origin, Optional<String> apiKeyHelper, Map<String, String> env) {

    public Settings {
        env = Map.copyOf(env);
    }

    public static Settings empty(String origin) {
        return new Settings(origin, Optional.empty(), Map.of());
    }
}
