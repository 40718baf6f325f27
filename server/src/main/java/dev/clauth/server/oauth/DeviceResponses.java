package dev.clauth.server.oauth;

import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2DeviceAuthorizationResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2DeviceAuthorizationResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The answers of the device flow (RFC 8628) that clauth shapes itself: the device authorization
 * response with the polling {@code interval} and the verification URIs under the issuer, and
 * where the verification page sends the browser once a code is approved, denied or not valid.
 */
final class DeviceResponses {

    /** The verification page, relative to the issuer; shown to the user as {@code verification_uri}. */
    static final String VERIFICATION_PAGE = "/oauth/device";

    private DeviceResponses() {
    }

    /** {@code device_code user_code verification_uri verification_uri_complete expires_in interval}. */
    static AuthenticationSuccessHandler authorization() {
        OAuth2DeviceAuthorizationResponseHttpMessageConverter converter = new OAuth2DeviceAuthorizationResponseHttpMessageConverter();
        return (request, response, authentication) -> {
            OAuth2DeviceAuthorizationRequestAuthenticationToken issued = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
            // Under the server's fixed issuer (FixedIssuer), never the request's Host.
            String verificationUri = AuthorizationServerContextHolder.getContext().getIssuer() + VERIFICATION_PAGE;
            OAuth2DeviceAuthorizationResponse answer = OAuth2DeviceAuthorizationResponse
                    .with(issued.getDeviceCode(), issued.getUserCode())
                    .verificationUri(verificationUri)
                    .verificationUriComplete(UriComponentsBuilder.fromUriString(verificationUri)
                            .queryParam("user_code", issued.getUserCode().getTokenValue()).build().toUriString())
                    .interval(DevicePolling.INTERVAL_SECONDS)
                    .build();
            ServletServerHttpResponse http = new ServletServerHttpResponse(response);
            http.getHeaders().setCacheControl("no-store");
            converter.write(answer, null, http);
        };
    }

    /** After approval: the page that says to go back to the terminal. */
    static AuthenticationSuccessHandler approved() {
        return (request, response, authentication) -> response.sendRedirect(
                AuthorizationServerContextHolder.getContext().getIssuer() + VERIFICATION_PAGE + "?done=approved");
    }

    /**
     * After a denial, a code that is not valid (unknown, expired, used: one answer for all), or
     * too many wrong codes: the page again, saying which.
     */
    static AuthenticationFailureHandler refused() {
        return (request, response, exception) -> {
            String error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "";
            response.sendRedirect(AuthorizationServerContextHolder.getContext().getIssuer() + VERIFICATION_PAGE
                    + (OAuth2ErrorCodes.ACCESS_DENIED.equals(error) ? "?done=denied"
                            : ThrottledDeviceVerification.THROTTLED.equals(error) ? "?error=throttled"
                                    : "?error=invalid_code"));
        };
    }
}
