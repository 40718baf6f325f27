package dev.clauth.core.config;

import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the client keeps its files: the config dir ({@code CLAUDE_CONFIG_DIR}, else {@code ~/.claude})
 * with {@code .credentials.json}, and the global config ({@code $CLAUDE_CONFIG_DIR/.claude.json}, else
 * {@code ~/.claude.json}). A {@code CLAUDE_CONFIG_DIR} that names the default dir (however spelled:
 * trailing slash, {@code ..}, a symlink to it) is the same as leaving it unset: same files, same lock.
 */
public record ConfigPaths(Path configDir, Path globalConfigFile) {

    public static final String CONFIG_DIR_ENV = "CLAUDE_CONFIG_DIR";

    /** The active profile's paths ({@link Profiles}); with no profile, the reference's own. */
    public static ConfigPaths from(World world) {
        return new Profiles(world).paths();
    }

    /** The reference's paths: {@code CLAUDE_CONFIG_DIR}, else {@code ~/.claude}. */
    public static ConfigPaths standard(World world) {
        ConfigPaths standard = new ConfigPaths(world.home().resolve(".claude"), world.home().resolve(".claude.json"));
        return world.env(CONFIG_DIR_ENV)
                .map(dir -> world.home().resolve(expandTilde(dir, world)).toAbsolutePath().normalize())
                .filter(dir -> !sameDirectory(dir, standard.configDir()))
                .map(dir -> new ConfigPaths(dir, dir.resolve(".claude.json")))
                .orElse(standard);
    }

    private static boolean sameDirectory(Path a, Path b) {
        if (a.equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static String expandTilde(String dir, World world) {
        return dir.equals("~") || dir.startsWith("~/") ? world.home() + dir.substring(1) : dir;
    }

    /** True for {@code ~/.claude} (however {@code CLAUDE_CONFIG_DIR} spelled it, or when it is unset). */
    public boolean isDefault() {
        return !globalConfigFile.getParent().equals(configDir);
    }

    public Path credentialsFile() {
        return configDir.resolve(".credentials.json");
    }
}
