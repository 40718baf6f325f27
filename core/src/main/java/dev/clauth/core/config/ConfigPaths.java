package dev.clauth.core.config;

import dev.clauth.core.world.World;
import java.nio.file.Path;

/**
 * Where the client keeps its files: the config dir ({@code CLAUDE_CONFIG_DIR}, else {@code ~/.claude})
 * with {@code .credentials.json}, and the global config ({@code $CLAUDE_CONFIG_DIR/.claude.json}, else
 * {@code ~/.claude.json}).
 */
public record ConfigPaths(Path configDir, Path globalConfigFile) {

    public static final String CONFIG_DIR_ENV = "CLAUDE_CONFIG_DIR";

    public static ConfigPaths from(World world) {
        return world.env(CONFIG_DIR_ENV)
                .map(dir -> world.home().resolve(expandTilde(dir, world)).toAbsolutePath().normalize())
                .map(dir -> new ConfigPaths(dir, dir.resolve(".claude.json")))
                .orElseGet(() -> new ConfigPaths(world.home().resolve(".claude"), world.home().resolve(".claude.json")));
    }

    private static String expandTilde(String dir, World world) {
        return dir.equals("~") || dir.startsWith("~/") ? world.home() + dir.substring(1) : dir;
    }

    public Path credentialsFile() {
        return configDir.resolve(".credentials.json");
    }
}
