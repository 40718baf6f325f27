package dev.clauth.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ConfigPaths;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which {@link SecretStore} a config dir's secrets live in: {@code CLAUTH_CREDENTIAL_STORE}, else the
 * setting {@code credentialStore} in the config dir's {@code settings.json}, else what the reference does
 * (the Keychain on macOS, the file elsewhere). {@code file}, {@code keychain} (macOS, through
 * {@code /usr/bin/security}), {@code secret-service} (Linux, D-Bus) or {@code auto}: the OS store when this
 * machine has one, else the file — with a warning that the credentials are then stored in plaintext.
 * The stores not chosen that this machine has are where an older login may still be; it is moved from
 * there on first use.
 */
public record SecretStores(SecretStore chosen, List<SecretStore> elsewhere, Optional<String> warning) {

    public static final String VARIABLE = "CLAUTH_CREDENTIAL_STORE";
    public static final String SETTING = "credentialStore";
    /** For tests of the real process: a stand-in for {@code /usr/bin/security}. */
    public static final String KEYCHAIN_PROGRAM_PROPERTY = "clauth.keychain.program";
    public static final String PLAINTEXT_WARNING = "Warning: no OS secret store is available here, so credentials are"
            + " stored in plaintext in ";

    public static SecretStores choose(World world, ConfigPaths paths) {
        String wanted = wanted(world, paths);
        FileSecretStore file = new FileSecretStore(paths.credentialsFile(), paths.globalConfigFile());
        List<SecretStore> osStores = osStores(world, paths);
        Optional<SecretStore> os = osStores.stream().findFirst();
        SecretStore chosen = switch (wanted) {
            case FileSecretStore.NAME -> file;
            case KeychainSecretStore.NAME -> keychain(world, paths).orElseThrow(() -> new ClauthException(VARIABLE
                    + "=keychain needs the macOS Keychain (" + program() + "), which is not here; use file or auto"));
            case SecretServiceStore.NAME -> secretService(world, paths);
            case "auto" -> os.filter(store -> !(store instanceof SecretServiceStore) || SecretServiceStore.available(world))
                    .orElse(file);
            default -> throw new IllegalStateException(wanted);
        };
        List<SecretStore> elsewhere = new ArrayList<>();
        if (chosen != file) {
            elsewhere.add(file);
        }
        osStores.stream().filter(store -> !store.name().equals(chosen.name())).forEach(elsewhere::add);
        Optional<String> warning = "auto".equals(wanted) && chosen == file
                ? Optional.of(PLAINTEXT_WARNING + paths.credentialsFile() + "; run clauth under a desktop session with a keyring"
                        + " (or set " + VARIABLE + "=file to accept this)")
                : Optional.empty();
        return new SecretStores(chosen, elsewhere, warning);
    }

    /** The store asked for, checked: one line naming where a wrong value came from. */
    static String wanted(World world, ConfigPaths paths) {
        Optional<String> env = world.env(VARIABLE).map(v -> v.strip().toLowerCase(Locale.ROOT));
        String where = VARIABLE;
        String value;
        if (env.isPresent()) {
            value = env.get();
        } else {
            Path settings = paths.configDir().resolve("settings.json");
            where = SETTING + " in " + settings;
            value = setting(settings).orElseGet(() -> program().toFile().canExecute() && world.osName().contains("mac")
                    ? KeychainSecretStore.NAME : FileSecretStore.NAME);
        }
        return switch (value) {
            case FileSecretStore.NAME, KeychainSecretStore.NAME, SecretServiceStore.NAME, "auto" -> value;
            default -> throw new ClauthException(where + " must be file, keychain, secret-service or auto; fix or unset it");
        };
    }

    private static Optional<String> setting(Path settings) {
        try {
            if (!Files.isRegularFile(settings) || Files.size(settings) > 1024 * 1024) {
                return Optional.empty();
            }
            JsonNode value = new ObjectMapper().readTree(Files.readString(settings)).path(SETTING);
            return value.isTextual() ? Optional.of(value.asText().strip().toLowerCase(Locale.ROOT)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable settings file is reported where settings are read
        }
    }

    /** The OS stores this machine has (not yet asked whether they answer): the Keychain on macOS, a Secret Service on a D-Bus session. */
    private static List<SecretStore> osStores(World world, ConfigPaths paths) {
        List<SecretStore> stores = new ArrayList<>();
        if (world.osName().contains("mac") || System.getProperty(KEYCHAIN_PROGRAM_PROPERTY) != null) {
            keychain(world, paths).ifPresent(stores::add);
        }
        if (world.env("DBUS_SESSION_BUS_ADDRESS").isPresent()) {
            stores.add(secretService(world, paths));
        }
        return stores;
    }

    private static Optional<KeychainSecretStore> keychain(World world, ConfigPaths paths) {
        Path program = program();
        if (!Files.isExecutable(program)) {
            return Optional.empty();
        }
        return Optional.of(new KeychainSecretStore(world, program, account(world), ServiceNames.suffix(paths), paths.configDir()));
    }

    private static SecretServiceStore secretService(World world, ConfigPaths paths) {
        return new SecretServiceStore(world, account(world), ServiceNames.suffix(paths), paths.configDir());
    }

    private static Path program() {
        String override = System.getProperty(KEYCHAIN_PROGRAM_PROPERTY);
        return override != null ? Path.of(override) : KeychainSecretStore.PROGRAM;
    }

    /** The account of the items: {@code $USER}, as the reference names it. */
    static String account(World world) {
        return world.env("USER").or(() -> world.env("LOGNAME")).orElse(System.getProperty("user.name", "user"));
    }
}
