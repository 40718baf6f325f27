package dev.clauth.core.config;

import dev.clauth.core.ClauthException;
import dev.clauth.core.store.AtomicFileWriter;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Named profiles: each is a config dir of its own ({@code ~/.clauth/profiles/<name>}, laid out as the
 * reference lays out {@code CLAUDE_CONFIG_DIR}, so the real {@code claude} uses it with
 * {@code CLAUDE_CONFIG_DIR=<that dir>}). Which one is used: {@code --profile} (given to the library as
 * {@code CLAUTH_PROFILE}), else {@code CLAUTH_PROFILE}, else an explicit {@code CLAUDE_CONFIG_DIR}, else the one
 * {@code clauth auth switch} chose ({@code ~/.clauth/profile}), else {@code default}: the reference's own
 * {@code ~/.claude} (or {@code CLAUDE_CONFIG_DIR}).
 */
public final class Profiles {

    public static final String VARIABLE = "CLAUTH_PROFILE";
    public static final String DEFAULT = "default";
    private static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";

    private final World world;

    public Profiles(World world) {
        this.world = world;
    }

    /** {@code ~/.clauth/profiles}. */
    public Path root() {
        return world.home().resolve(".clauth").resolve("profiles");
    }

    private Path switchFile() {
        return world.home().resolve(".clauth").resolve("profile");
    }

    /** The profile in use, and whether it was asked for explicitly (flag or variable). */
    public String active() {
        Optional<String> asked = world.env(VARIABLE).map(String::strip);
        if (asked.isPresent()) {
            return check(asked.get(), VARIABLE + " (or --profile)");
        }
        if (world.env(ConfigPaths.CONFIG_DIR_ENV).isPresent()) {
            return DEFAULT;
        }
        return switched().orElse(DEFAULT);
    }

    /** What {@code auth switch} chose, if it names a profile that still exists. */
    public Optional<String> switched() {
        return world.readSmallFile(switchFile()).map(String::strip).filter(n -> n.matches(NAME))
                .filter(n -> n.equals(DEFAULT) || Files.isDirectory(root().resolve(n)));
    }

    /** The config dir of {@code name}; {@code default} is the reference's own. */
    public Path configDir(String name) {
        return name.equals(DEFAULT) ? ConfigPaths.standard(world).configDir() : root().resolve(name);
    }

    /** The paths of the active profile. */
    public ConfigPaths paths() {
        String name = active();
        if (name.equals(DEFAULT)) {
            return ConfigPaths.standard(world);
        }
        Path dir = root().resolve(name);
        return new ConfigPaths(dir, dir.resolve(".claude.json"));
    }

    /** {@code default} and every profile made so far, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(List.of(DEFAULT));
        if (Files.isDirectory(root())) {
            try (Stream<Path> dirs = Files.list(root())) {
                dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> n.matches(NAME))
                        .filter(n -> !n.equals(DEFAULT)).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new ClauthException("Cannot list " + root() + " (" + e.getClass().getSimpleName() + "); check it");
            }
        }
        return names;
    }

    /** Makes the active profile's dir (0700) if it is a named one that does not exist yet. */
    public void create(String name) {
        if (name.equals(DEFAULT)) {
            return;
        }
        try {
            AtomicFileWriter.makePrivateDirectory(root().getParent());
            AtomicFileWriter.makePrivateDirectory(root());
            AtomicFileWriter.makePrivateDirectory(root().resolve(name));
        } catch (IOException e) {
            throw new ClauthException("Cannot create the profile " + name + " in " + root() + " ("
                    + e.getClass().getSimpleName() + "); check that your home directory is writable");
        }
    }

    /** {@code auth switch}: later commands use {@code name} unless told otherwise. */
    public void switchTo(String name) {
        check(name, "the profile name");
        if (!name.equals(DEFAULT) && !Files.isDirectory(root().resolve(name))) {
            throw new ClauthException("There is no profile " + name + "; make it with clauth auth login --profile " + name
                    + " (clauth auth list shows the profiles)");
        }
        try {
            AtomicFileWriter.makePrivateDirectory(switchFile().getParent());
            AtomicFileWriter.write(switchFile(), (name + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClauthException("Cannot write " + switchFile() + " (" + e.getClass().getSimpleName() + "); check it");
        }
    }

    private static String check(String name, String where) {
        if (!name.matches(NAME)) {
            throw new ClauthException(where + " must be a profile name: lower-case letters, digits, '.', '_' or '-',"
                    + " at most 64, starting with a letter or digit");
        }
        return name;
    }
}
