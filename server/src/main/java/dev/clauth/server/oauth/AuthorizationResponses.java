package dev.clauth.server.oauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The answers of the authorization endpoint: redirects to the client carrying {@code code} or
 * {@code error}, {@code state} unchanged, and the RFC 9207 {@code iss}. A request that cannot be
 * redirected (bad client or redirect URI) gets the server's own error page instead.
 */
public final class AuthorizationResponses {

    /** Where a request that cannot go back to its client is explained to the person. */
    public static final String ERROR_PAGE = "/oauth/error";

    private AuthorizationResponses() {
    }

    public static AuthenticationSuccessHandler success() {
        return (request, response, authentication) -> {
            var result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(result.getRedirectUri())
                    .queryParam(OAuth2ParameterNames.CODE, encode(result.getAuthorizationCode().getTokenValue()));
            redirect(request, response, uri, result.getState());
        };
    }

    public static AuthenticationFailureHandler failure() {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            OAuth2Error error = exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException e
                    ? e.getError() : new OAuth2Error("invalid_request");
            OAuth2AuthorizationCodeRequestAuthenticationToken result = exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException e
                    ? e.getAuthorizationCodeRequestAuthentication() : null;
            if (result == null || !StringUtils.hasText(result.getRedirectUri())) {
                String page = UriComponentsBuilder.fromUriString(
                                AuthorizationServerContextHolder.getContext().getIssuer() + ERROR_PAGE)
                        .queryParam("error", encode(error.getErrorCode()))
                        .build(true).toUriString();
                response.sendRedirect(page);
                return;
            }
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(result.getRedirectUri())
                    .queryParam(OAuth2ParameterNames.ERROR, encode(error.getErrorCode()));
            if (StringUtils.hasText(error.getDescription())) {
                uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
            }
            redirect(request, response, uri, result.getState());
        };
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder uri,
            String state) throws IOException {
        if (StringUtils.hasText(state)) {
            uri.queryParam(OAuth2ParameterNames.STATE, encode(state));
        }
        uri.queryParam("iss", encode(AuthorizationServerContextHolder.getContext().getIssuer()));
        response.sendRedirect(uri.build(true).toUriString());
    }

    private static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
