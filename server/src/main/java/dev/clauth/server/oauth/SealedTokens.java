package dev.clauth.server.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a value under a key derived from a secret the server does not keep: AES-256-GCM with
 * the key HKDF-SHA-256(secret, fixed salt and label) (RFC 5869), a random 96-bit nonce, and the
 * secret's stored hash as associated data (so a sealed value only opens for its own row).
 * Used to keep a rotated refresh token's replacement readable, for the grace period, only by
 * whoever still holds the rotated token. Output: base64url(nonce ‖ ciphertext ‖ tag).
 */
final class SealedTokens {

    private static final byte[] SALT = "clauth refresh-token grace".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "clauth sealed token response v1, AES-256-GCM key".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();

    String seal(String secret, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, secret, nonce);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext, or null when the value was not sealed under this secret (or was altered). */
    String open(String secret, String sealed) {
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealed);
            if (in.length <= NONCE_BYTES) {
                return null;
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, secret, Arrays.copyOf(in, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Cipher cipher(int mode, String secret, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(hkdf(secret.getBytes(StandardCharsets.UTF_8)), "AES"),
                new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(TokenHash.of(secret).getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    /** HKDF-SHA-256 (RFC 5869), one 32-byte block of output. */
    static byte[] hkdf(byte[] inputKeyMaterial) throws GeneralSecurityException {
        Mac extract = Mac.getInstance("HmacSHA256");
        extract.init(new SecretKeySpec(SALT, "HmacSHA256"));
        byte[] pseudoRandomKey = extract.doFinal(inputKeyMaterial);
        Mac expand = Mac.getInstance("HmacSHA256");
        expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
        expand.update(INFO);
        expand.update((byte) 1);
        return expand.doFinal();
    }
}
