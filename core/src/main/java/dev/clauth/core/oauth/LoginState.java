package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.id.State;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The {@code state} of one login: base64url(32 random bytes), compared in constant time. */
public final class LoginState {

    private LoginState() {
    }

    public static State generate() {
        return new State(Pkce.randomBase64Url());
    }

    public static boolean matches(State expected, String received) {
        return received != null && MessageDigest.isEqual(
                expected.getValue().getBytes(StandardCharsets.UTF_8), received.getBytes(StandardCharsets.UTF_8));
    }
}
