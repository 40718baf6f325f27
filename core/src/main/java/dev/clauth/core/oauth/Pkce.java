package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.security.SecureRandom;
import java.util.Base64;

/** RFC 7636 with S256: verifier = base64url(32 random bytes), challenge = base64url(SHA-256(verifier)). */
public record Pkce(CodeVerifier verifier) {

    public static final CodeChallengeMethod METHOD = CodeChallengeMethod.S256;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static Pkce generate() {
        return new Pkce(new CodeVerifier(randomBase64Url()));
    }

    public CodeChallenge challenge() {
        return CodeChallenge.compute(METHOD, verifier);
    }

    /** base64url, without padding, of 32 bytes from a {@link SecureRandom}. */
    static String randomBase64Url() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "Pkce[S256]";
    }
}
