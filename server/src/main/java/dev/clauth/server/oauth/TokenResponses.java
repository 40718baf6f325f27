package dev.clauth.server.oauth;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import dev.clauth.server.metrics.TokenMetrics;

/**
 * The token endpoint's answers: Spring's token response, and RFC 6749 errors with the status
 * that fits ({@code server_error} 500, {@code invalid_client} 401, the rest 400; Spring answers
 * 400 for all). Both tell {@link TokenMetrics} what they know: the grant type as read from a
 * form or a JSON body, a grace-period replay, a reuse that ended a login.
 */
final class TokenResponses {

    private TokenResponses() {
    }

    static AuthenticationSuccessHandler success() {
        OAuth2AccessTokenResponseAuthenticationSuccessHandler tokens = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        return (request, response, authentication) -> {
            recordGrantType(request);
            if (authentication instanceof RefreshGrace.ReplayedTokens) {
                request.setAttribute(TokenMetrics.OUTCOME, TokenMetrics.REPLAYED);
            }
            tokens.onAuthenticationSuccess(request, response, authentication);
        };
    }

    static AuthenticationFailureHandler failure() {
        OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();
        return (request, response, exception) -> {
            recordGrantType(request);
            if (exception instanceof RefreshGrace.ReuseDetected) {
                request.setAttribute(TokenMetrics.REASON, TokenMetrics.REUSE_REVOKED);
            }
            OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                    : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
            write(errors, response, error);
        };
    }

    private static void write(OAuth2ErrorHttpMessageConverter errors, HttpServletResponse response, OAuth2Error error)
            throws IOException {
        HttpStatus status = switch (error.getErrorCode()) {
            case OAuth2ErrorCodes.SERVER_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            case OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case OAuth2ErrorCodes.INVALID_CLIENT -> HttpStatus.UNAUTHORIZED;
            default -> HttpStatus.BAD_REQUEST;
        };
        ServletServerHttpResponse http = new ServletServerHttpResponse(response);
        http.setStatusCode(status);
        http.getHeaders().setCacheControl("no-store");
        errors.write(error, null, http);
    }

    private static void recordGrantType(HttpServletRequest request) {
        request.setAttribute(TokenMetrics.GRANT_TYPE, request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
    }
}
