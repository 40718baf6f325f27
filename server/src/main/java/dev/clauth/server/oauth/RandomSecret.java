package dev.clauth.server.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/** A new secret to hand out: a prefix naming its kind and 32 random bytes (256 bits), base64url. */
public final class RandomSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecret() {
    }

    public static String withPrefix(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
