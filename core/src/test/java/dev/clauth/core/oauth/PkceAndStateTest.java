package dev.clauth.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.id.State;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PkceAndStateTest {

    private static final String BASE64URL_32_BYTES = "[A-Za-z0-9_-]{43}";

    @Test
    void verifierIsBase64urlOf32BytesAndChallengeIsItsSha256() throws Exception {
        Pkce pkce = Pkce.generate();
        String verifier = pkce.verifier().getValue();
        assertThat(verifier).matches(BASE64URL_32_BYTES);
        assertThat(Base64.getUrlDecoder().decode(verifier)).hasSize(32);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        assertThat(pkce.challenge().getValue()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(sha));
    }

    @Test
    void stateIsBase64urlOf32BytesAndFreshEachTime() {
        State a = LoginState.generate();
        State b = LoginState.generate();
        assertThat(a.getValue()).matches(BASE64URL_32_BYTES);
        assertThat(a).isNotEqualTo(b);
        assertThat(Pkce.generate().verifier()).isNotEqualTo(Pkce.generate().verifier());
    }

    @Test
    void stateMatchesOnlyItself() {
        State state = LoginState.generate();
        assertThat(LoginState.matches(state, state.getValue())).isTrue();
        assertThat(LoginState.matches(state, state.getValue() + "x")).isFalse();
        assertThat(LoginState.matches(state, null)).isFalse();
    }
}
