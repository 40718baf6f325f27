package dev.clauth.server.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

/**
 * Which {@code redirect_uri} an authorization request may name: {@code http://127.0.0.1:<any>/callback},
 * {@code http://localhost:<any>/callback} (RFC 8252 loopback redirects, any port), and the
 * server's own {@code <issuer>/oauth/code/callback} — compared exactly, nothing else (no other
 * path, host, scheme, user info, query or fragment). An unacceptable one is answered on the
 * server's own error page, never by a redirect.
 */
public final class LoopbackRedirectUris implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    public static final String MANUAL_CALLBACK_PATH = "/oauth/code/callback";
    private static final String LOOPBACK_PATH = "/callback";

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        String redirectUri = request.getRedirectUri();
        String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
        if (redirectUri == null || !(isLoopbackCallback(redirectUri) || redirectUri.equals(issuer + MANUAL_CALLBACK_PATH))) {
            throw rejected(request);
        }
    }

    /** Whether the URI is exactly {@code http://127.0.0.1|localhost:<port>/callback}. */
    public static boolean isLoopbackCallback(String redirectUri) {
        URI uri;
        try {
            uri = new URI(redirectUri);
        } catch (URISyntaxException e) {
            return false;
        }
        String host = uri.getHost();
        return "http".equals(uri.getScheme())
                && ("127.0.0.1".equals(host) || "localhost".equals(host))
                && uri.getRawUserInfo() == null
                && uri.getPort() > 0 && uri.getPort() <= 65535
                && LOOPBACK_PATH.equals(uri.getRawPath())
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && redirectUri.equals("http://" + host + ":" + uri.getPort() + LOOPBACK_PATH);
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException rejected(
            OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                "The redirect_uri is not registered for this client.", null);
        OAuth2AuthorizationCodeRequestAuthenticationToken withoutRedirect = new OAuth2AuthorizationCodeRequestAuthenticationToken(
                request.getAuthorizationUri(), request.getClientId(),
                (org.springframework.security.core.Authentication) request.getPrincipal(), null, request.getState(),
                request.getScopes(), request.getAdditionalParameters());
        return new OAuth2AuthorizationCodeRequestAuthenticationException(error, withoutRedirect);
    }
}
