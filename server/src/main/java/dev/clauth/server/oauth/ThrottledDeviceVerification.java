package dev.clauth.server.oauth;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.clauth.server.throttle.Guess;
import dev.clauth.server.throttle.Throttles;

/**
 * Around Spring's device verification provider (the user code entered on the verification page):
 * guessing codes is braked per signed-in account and per client address ({@link Guess#DEVICE_CODE}).
 * While either must wait, no code is looked up and the answer is {@value #THROTTLED}; every code
 * that is not valid now — unknown, expired, approved, denied, its login ended — fails alike and
 * counts one failure. A right code clears nothing: a guesser who hits one stays braked.
 */
final class ThrottledDeviceVerification implements AuthenticationProvider {

    /** The error a braked verification ends with; the page says to wait. */
    static final String THROTTLED = "throttled";

    private final AuthenticationProvider delegate;
    private final Throttles throttles;

    ThrottledDeviceVerification(AuthenticationProvider delegate, Throttles throttles) {
        this.delegate = delegate;
        this.throttles = throttles;
    }

    static boolean wraps(AuthenticationProvider provider) {
        return provider instanceof OAuth2DeviceVerificationAuthenticationProvider;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String account = authentication.getPrincipal() instanceof Authentication person && person.isAuthenticated()
                ? person.getName() : null;
        String address = clientAddress().orElse("");
        if (account == null) {
            return delegate.authenticate(authentication);
        }
        if (throttles.waitFor(Guess.DEVICE_CODE, account, address).isPresent()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(THROTTLED));
        }
        try {
            return delegate.authenticate(authentication);
        } catch (OAuth2AuthenticationException e) {
            if (OAuth2ErrorCodes.INVALID_GRANT.equals(e.getError().getErrorCode())) {
                throttles.failed(Guess.DEVICE_CODE, account, address);
            }
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2DeviceVerificationAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static Optional<String> clientAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? Optional.ofNullable(request.getRequest().getRemoteAddr()) : Optional.empty();
    }
}
