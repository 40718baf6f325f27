package dev.clauth.core.store;

import dev.clauth.core.config.ConfigPaths;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * The names the reference gives a config dir's items in an OS secret store: {@code Claude Code-credentials}
 * and {@code Claude Code}, with {@code -<first 8 hex of SHA-256 of the config dir>} appended when
 * {@code CLAUDE_CONFIG_DIR} names a dir other than the default. Unlike the reference, a
 * {@code CLAUDE_CONFIG_DIR} that spells the default dir gets no suffix: it is the same dir, so the same item.
 */
public final class ServiceNames {

    public static final String BASE = "Claude Code";
    public static final String CREDENTIALS_SUFFIX = "-credentials";

    private ServiceNames() {
    }

    public static String service(SecretStore.Item item, String suffix) {
        return BASE + (item == SecretStore.Item.CREDENTIALS ? CREDENTIALS_SUFFIX : "") + suffix;
    }

    /** {@code ""} for the default config dir, else {@code -} and the first 8 hex of SHA-256 of its path (NFC). */
    public static String suffix(ConfigPaths paths) {
        if (paths.isDefault()) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    Normalizer.normalize(paths.configDir().toString(), Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8));
            return "-" + HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
