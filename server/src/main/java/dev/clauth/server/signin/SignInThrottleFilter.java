package dev.clauth.server.signin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the sign-in form's POST, ahead of Spring Security: a sign-in that must wait is
 * sent back to {@code /login?throttled} without its password being checked (whether right or
 * wrong, for a known or an unknown account alike). Outcomes are counted by {@link SignInOutcomes}.
 */
public final class SignInThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;

    public SignInThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !"/login".equals(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String email = request.getParameter("username");
        if (throttle.waitFor(email, request.getRemoteAddr()).isPresent()) {
            response.sendRedirect("/login?throttled");
            return;
        }
        chain.doFilter(request, response);
    }
}
