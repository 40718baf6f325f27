package dev.clauth.server.oauth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Opaque random values for every secret the server hands out: authorization codes, access
 * tokens ({@code clauth_at_…}), refresh tokens ({@code clauth_rt_…}) and device codes
 * ({@code clauth_dc_…}), 256 random bits each; and the short user codes of the device flow
 * ({@code WDJB-MJHT}: 8 letters from 20 consonants, no vowels so no words, no look-alikes).
 * Lifetimes come from the client's token settings, measured on the injected clock.
 * An inference-only login (code or device grant) may ask for a longer-lived access token with
 * {@code expires_in} (the reference's {@code setup-token}), up to one year.
 */
public final class OpaqueTokenGenerator implements OAuth2TokenGenerator<OAuth2Token> {

    public static final String ACCESS_TOKEN_PREFIX = "clauth_at_";
    public static final String REFRESH_TOKEN_PREFIX = "clauth_rt_";
    public static final String DEVICE_CODE_PREFIX = "clauth_dc_";
    static final char[] USER_CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ".toCharArray();
    static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);
    static final Duration LONGEST_ACCESS_TOKEN = Duration.ofDays(365);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public OpaqueTokenGenerator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public OAuth2Token generate(OAuth2TokenContext context) {
        Instant now = clock.instant();
        var settings = context.getRegisteredClient().getTokenSettings();
        if (CODE.equals(context.getTokenType())) {
            return new OAuth2AuthorizationCode(randomValue(""), now, now.plus(settings.getAuthorizationCodeTimeToLive()));
        }
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            Duration lifetime = accessTokenLifetime(context, settings.getAccessTokenTimeToLive());
            return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, randomValue(ACCESS_TOKEN_PREFIX), now,
                    now.plus(lifetime), context.getAuthorizedScopes());
        }
        if (OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
            return new OAuth2RefreshToken(randomValue(REFRESH_TOKEN_PREFIX), now,
                    now.plus(settings.getRefreshTokenTimeToLive()));
        }
        if (HashingAuthorizationService.DEVICE_CODE.equals(context.getTokenType())) {
            return new OAuth2DeviceCode(randomValue(DEVICE_CODE_PREFIX), now, now.plus(settings.getDeviceCodeTimeToLive()));
        }
        if (HashingAuthorizationService.USER_CODE.equals(context.getTokenType())) {
            return new OAuth2UserCode(userCode(), now, now.plus(settings.getDeviceCodeTimeToLive()));
        }
        return null;
    }

    /** A device-code generator view of this generator, for the device authorization endpoint. */
    public OAuth2TokenGenerator<OAuth2DeviceCode> deviceCodes() {
        return context -> (OAuth2DeviceCode) generate(context);
    }

    /** A user-code generator view of this generator, for the device authorization endpoint. */
    public OAuth2TokenGenerator<OAuth2UserCode> userCodes() {
        return context -> (OAuth2UserCode) generate(context);
    }

    private String userCode() {
        StringBuilder code = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(USER_CODE_LETTERS[random.nextInt(USER_CODE_LETTERS.length)]);
        }
        return code.toString();
    }

    /** An authorization-code generator view of this generator, for the endpoints that take one. */
    public OAuth2TokenGenerator<OAuth2AuthorizationCode> codes() {
        return context -> (OAuth2AuthorizationCode) generate(context);
    }

    private static Duration accessTokenLifetime(OAuth2TokenContext context, Duration standard) {
        Map<String, Object> parameters;
        if (context.getAuthorizationGrant() instanceof OAuth2AuthorizationCodeAuthenticationToken code
                && AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
            parameters = code.getAdditionalParameters();
        } else if (context.getAuthorizationGrant() instanceof OAuth2DeviceCodeAuthenticationToken device
                && AuthorizationGrantType.DEVICE_CODE.equals(context.getAuthorizationGrantType())) {
            parameters = device.getAdditionalParameters();
        } else {
            return standard;
        }
        if (!Set.of(Scopes.INFERENCE).equals(context.getAuthorizedScopes())) {
            return standard;
        }
        Object requested = parameters.get("expires_in");
        if (!(requested instanceof String text) || !text.matches("\\d{1,9}")) {
            return standard;
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(text));
        if (asked.compareTo(standard) <= 0) {
            return standard;
        }
        return asked.compareTo(LONGEST_ACCESS_TOKEN) > 0 ? LONGEST_ACCESS_TOKEN : asked;
    }

    private static String randomValue(String prefix) {
        return RandomSecret.withPrefix(prefix);
    }
}
