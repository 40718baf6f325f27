package dev.clauth.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clauth.core.ClauthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads one {@code settings.json}: bounded, strict about the keys clauth uses, silent about the others. */
final class SettingsFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final long MAX_BYTES = 1024 * 1024;

    private SettingsFile() {
    }

    /** The file's settings; empty settings when it does not exist and {@code required} is false. */
    static Settings read(Path path, boolean required) {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw bad(path.toString(), "is larger than 1 MB");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new ClauthException("Settings file " + path + " does not exist; check the --settings path");
            }
            return Settings.empty(path.toString());
        } catch (IOException e) {
            throw new ClauthException("Cannot read settings file " + path + " (" + e.getClass().getSimpleName()
                    + "); check its permissions");
        }
        return parse(path.toString(), bytes);
    }

    static Settings parse(String origin, byte[] bytes) {
        if (bytes.length == 0) {
            return Settings.empty(origin);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw bad(origin, "is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw bad(origin, "does not hold a JSON object");
        }
        return new Settings(origin, helper(origin, root.get("apiKeyHelper")), env(origin, root.get("env")));
    }

    private static Optional<String> helper(String origin, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw bad(origin, "has an apiKeyHelper that is not a string");
        }
        return Optional.of(node.asText().strip()).filter(s -> !s.isEmpty());
    }

    private static Map<String, String> env(String origin, JsonNode node) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return env;
        }
        if (!node.isObject()) {
            throw bad(origin, "has an env that is not an object");
        }
        for (var entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw bad(origin, "has an env entry " + entry.getKey() + " that is not a string");
            }
            env.put(entry.getKey(), value.asText());
        }
        return env;
    }

    private static ClauthException bad(String origin, String what) {
        return new ClauthException("Settings file " + origin + " " + what + "; fix it or move it aside");
    }
}
