package dev.clauth.server.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring's authorization server exempts its endpoints from CSRF protection; the consent forms
 * (and the device flow's code form) post to them, so this puts a CSRF check (same session token
 * as the pages) in front of those POSTs alone.
 */
public final class ConsentCsrf {

    private ConsentCsrf() {
    }

    public static void apply(HttpSecurity http, String... formEndpoints) {
        CsrfFilter csrf = new CsrfFilter(new HttpSessionCsrfTokenRepository());
        csrf.setRequireCsrfProtectionMatcher(new OrRequestMatcher(java.util.Arrays.stream(formEndpoints)
                .<RequestMatcher>map(path -> PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path))
                .toList()));
        csrf.setAccessDeniedHandler(expiredForm());
        // Ahead of the chain's own CsrfFilter (which ignores the endpoint); being of the same class,
        // that one then sees the request as already filtered.
        http.addFilterBefore(csrf, CsrfFilter.class);
    }

    /** A form without a valid CSRF token: 403 with a plain explanation. */
    static AccessDeniedHandler expiredForm() {
        return (request, response, exception) -> writeExpired(response);
    }

    private static void writeExpired(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("This form has expired or did not come from this server. Go back, reload the page and try again.\n");
    }
}
