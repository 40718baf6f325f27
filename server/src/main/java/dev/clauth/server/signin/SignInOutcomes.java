package dev.clauth.server.signin;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Counts sign-in failures for {@link LoginThrottle} and clears an account's count on success. */
@Component
public class SignInOutcomes {

    private final LoginThrottle throttle;

    public SignInOutcomes(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @EventListener
    public void failed(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt
                && attempt.getDetails() instanceof WebAuthenticationDetails details) {
            throttle.failed(String.valueOf(attempt.getPrincipal()), details.getRemoteAddress());
        }
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken
                && event.getAuthentication().getDetails() instanceof WebAuthenticationDetails) {
            // the principal is now the account's uuid; the email as typed is what was counted
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                    && request.getRequest().getParameter("username") != null) {
                throttle.succeeded(request.getRequest().getParameter("username"));
            }
        }
    }
}
