package dev.clauth.server.oauth;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.clauth.server.Issuer;

/**
 * Puts the server's fixed {@link Issuer} into the authorization server's context, in place of the
 * one Spring resolves from the request (scheme, {@code Host} header, path): metadata, the
 * {@code iss} parameter, the manual redirect URI and the device flow's verification URI then
 * never follow a forged {@code Host}.
 * <p>
 * Why a filter: {@link AuthorizationServerSettings#getIssuer()} is read once, when the filter
 * chain is built, and that is before the web server has bound its port (port 0), so the issuer
 * cannot be put there. This filter runs right after Spring's own context filter (placed after
 * the header writer, which comes after it) and replaces the context for the rest of the request.
 */
final class FixedIssuer extends OncePerRequestFilter {

    private final Issuer issuer;
    private final AuthorizationServerSettings settings;

    FixedIssuer(Issuer issuer, AuthorizationServerSettings settings) {
        this.issuer = issuer;
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AuthorizationServerContext resolved = AuthorizationServerContextHolder.getContext();
        String url = issuer.url();
        AuthorizationServerContextHolder.setContext(new AuthorizationServerContext() {
            @Override
            public String getIssuer() {
                return url;
            }

            @Override
            public AuthorizationServerSettings getAuthorizationServerSettings() {
                return settings;
            }
        });
        try {
            chain.doFilter(request, response);
        } finally {
            if (resolved != null) {
                AuthorizationServerContextHolder.setContext(resolved);
            } else {
                AuthorizationServerContextHolder.resetContext();
            }
        }
    }
}
