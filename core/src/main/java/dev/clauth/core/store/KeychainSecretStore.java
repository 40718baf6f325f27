package dev.clauth.core.store;

import dev.clauth.core.ClauthException;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The macOS Keychain through {@code /usr/bin/security}, with the reference's items: a generic password of
 * service {@code Claude Code-credentials} (the credentials document) and {@code Claude Code} (the Console
 * key), account {@code $USER}, each service name with {@code -<first 8 hex of SHA-256(config dir)>} when
 * {@code CLAUDE_CONFIG_DIR} names another dir than the default. Writes are {@code add-generic-password -U}
 * (the item updated in place, so its access list stays and no password prompt follows every write), given
 * on {@code security -i}'s stdin with the value hex-encoded ({@code -X}), so that no secret is ever on a
 * command line. Reads are {@code find-generic-password -w}; exit 44 means there is no such item.
 */
public final class KeychainSecretStore implements SecretStore {

    public static final String NAME = "keychain";
    public static final Path PROGRAM = Path.of("/usr/bin/security");
    static final int NOT_FOUND = 44;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final World world;
    private final Path program;
    private final String account;
    private final String suffix;
    private final Path configDir;

    /**
     * @param suffix {@code ""} for the default config dir, else {@code -<8 hex>} ({@link ServiceNames#suffix})
     */
    public KeychainSecretStore(World world, Path program, String account, String suffix, Path configDir) {
        this.world = world;
        this.program = program;
        this.account = account;
        this.suffix = suffix;
        this.configDir = configDir;
        if (!account.matches("[A-Za-z0-9._-]+")) {
            throw new ClauthException("Your user name (" + account.replaceAll("[^\\x20-\\x7e]", "?")
                    + ") cannot name a Keychain item; set CLAUTH_CREDENTIAL_STORE=file");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The item's service name, as the reference names it. */
    public String service(Item item) {
        return ServiceNames.service(item, suffix);
    }

    @Override
    public Optional<String> read(Item item) {
        World.Ran ran = security(List.of("find-generic-password", "-a", account, "-w", "-s", service(item)), new byte[0]);
        if (ran.exit() == NOT_FOUND) {
            return Optional.empty();
        }
        if (ran.exit() != 0) {
            throw failed("read", item, ran);
        }
        String value = stripNewline(ran.out());
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public void write(Item item, String value) {
        String command = "add-generic-password -U -a \"" + account + "\" -s \"" + service(item) + "\" -X \""
                + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "\"\n";
        World.Ran ran = security(List.of("-i"), command.getBytes(StandardCharsets.UTF_8));
        if (ran.exit() != 0 || ran.err().contains("security: ")) {
            throw failed("write", item, ran);
        }
    }

    @Override
    public boolean delete(Item item) {
        World.Ran ran = security(List.of("delete-generic-password", "-a", account, "-s", service(item)), new byte[0]);
        if (ran.exit() == NOT_FOUND) {
            return false;
        }
        if (ran.exit() != 0) {
            throw failed("remove", item, ran);
        }
        return true;
    }

    @Override
    public String describe(Item item) {
        return "the macOS Keychain item \"" + service(item) + "\"";
    }

    /** The unreadable value is copied to a private file in the config dir, then the item removed. */
    @Override
    public Path moveAside(Item item, Instant now) throws IOException {
        Path aside = AtomicFileWriter.keepAside(configDir, ".credentials.json.keychain-corrupt",
                read(item).orElse("").getBytes(StandardCharsets.UTF_8), now);
        delete(item);
        return aside;
    }

    private World.Ran security(List<String> args, byte[] input) {
        List<String> command = new java.util.ArrayList<>();
        command.add(program.toString());
        command.addAll(args);
        try {
            return world.run(command, input, TIMEOUT);
        } catch (IOException e) {
            throw new ClauthException("Cannot use the macOS Keychain (" + program + ": " + e.getClass().getSimpleName()
                    + "); check the Keychain, or set CLAUTH_CREDENTIAL_STORE=file");
        }
    }

    private ClauthException failed(String what, Item item, World.Ran ran) {
        String detail = ClauthException.oneLine((ran.err().isBlank() ? ran.out() : ran.err()).replaceAll("[0-9a-fA-F]{32,}", "…"));
        return new ClauthException("Cannot " + what + " " + describe(item) + " (security exited " + ran.exit()
                + (detail.isEmpty() ? "" : ": " + detail) + "); unlock the Keychain (security unlock-keychain), or set"
                + " CLAUTH_CREDENTIAL_STORE=file");
    }

    private static String stripNewline(String text) {
        String t = text;
        while (t.endsWith("\n") || t.endsWith("\r")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
