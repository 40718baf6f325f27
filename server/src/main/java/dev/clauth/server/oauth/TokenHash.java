package dev.clauth.server.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a secret, as stored in place of the secret; comparison takes constant time. */
public final class TokenHash {

    private TokenHash() {
    }

    public static String of(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether two hashes are equal, in time that does not depend on where they differ. */
    public static boolean matches(String hash, String storedHash) {
        if (hash == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                storedHash.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
