package dev.clauth.server.oauth;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

/** A login with its code, access token and refresh token all invalidated: nothing issued from it works any more. */
public final class EndedLogin {

    private EndedLogin() {
    }

    public static OAuth2Authorization of(OAuth2Authorization login) {
        OAuth2Authorization.Builder builder = OAuth2Authorization.from(login);
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = login.getToken(OAuth2AuthorizationCode.class);
        if (code != null) {
            builder.invalidate(code.getToken());
        }
        OAuth2Authorization.Token<OAuth2AccessToken> access = login.getAccessToken();
        if (access != null) {
            builder.invalidate(access.getToken());
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> refresh = login.getRefreshToken();
        if (refresh != null) {
            builder.invalidate(refresh.getToken());
        }
        return builder.build();
    }
}
