package dev.clauth.core.settings;

import dev.clauth.core.config.ConfigPaths;
import dev.clauth.core.world.World;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The settings clauth reads, lowest precedence first: the user's {@code settings.json} in the config dir,
 * the project's {@code .claude/settings.json} in the working directory, and {@code --settings FILE}
 * (a path, or a JSON object given inline). A later file's {@code apiKeyHelper} and {@code env} entries
 * win. With {@code --bare} only {@code --settings} is read.
 */
public final class SettingsFiles {

    public static final String COMMAND_LINE = "--settings";

    private final List<Settings> layers;
    private final List<Settings> ignored;

    private SettingsFiles(List<Settings> layers, List<Settings> ignored) {
        this.layers = List.copyOf(layers);
        this.ignored = List.copyOf(ignored);
    }

    public static SettingsFiles none() {
        return new SettingsFiles(List.of(), List.of());
    }

    public static SettingsFiles load(World world, ConfigPaths paths, Optional<String> commandLine, boolean bare) {
        List<Settings> files = new ArrayList<>();
        files.add(SettingsFile.read(paths.configDir().resolve("settings.json"), false));
        files.add(SettingsFile.read(world.workingDirectory().resolve(".claude").resolve("settings.json"), false));
        List<Settings> layers = new ArrayList<>();
        List<Settings> ignored = new ArrayList<>();
        (bare ? ignored : layers).addAll(files);
        commandLine.map(value -> fromCommandLine(world, value)).ifPresent(layers::add);
        return new SettingsFiles(layers, ignored);
    }

    private static Settings fromCommandLine(World world, String value) {
        String trimmed = value.strip();
        if (trimmed.startsWith("{")) {
            return SettingsFile.parse(COMMAND_LINE, trimmed.getBytes(StandardCharsets.UTF_8));
        }
        Path path = world.workingDirectory().resolve(trimmed);
        return SettingsFile.read(path, true);
    }

    /** The {@code apiKeyHelper} that applies, with the file it came from. */
    public Optional<Helper> apiKeyHelper() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Settings s = layers.get(i);
            if (s.apiKeyHelper().isPresent()) {
                return Optional.of(new Helper(s.apiKeyHelper().get(), s.origin()));
            }
        }
        return Optional.empty();
    }

    /** A helper that a settings file names but {@code --bare} leaves out. */
    public Optional<Helper> ignoredApiKeyHelper() {
        return ignored.stream().filter(s -> s.apiKeyHelper().isPresent()).reduce((a, b) -> b)
                .map(s -> new Helper(s.apiKeyHelper().get(), s.origin()));
    }

    /** An {@code env} entry of the settings (the last file that sets it wins). */
    public Optional<String> env(String name) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            String value = layers.get(i).env().get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** All {@code env} entries, merged, for the helper's process. */
    public java.util.Map<String, String> env() {
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>();
        layers.forEach(s -> merged.putAll(s.env()));
        return merged;
    }

    /** A helper command and where it was configured. */
    public record Helper(String command, String origin) {
    }
}
