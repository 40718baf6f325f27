package dev.clauth.server.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring's authorization server exempts its endpoints from CSRF protection (its configurer adds
 * them to the chain's {@code ignoringRequestMatchers}); the consent forms (and the device flow's
 * code form) post to them, so the chain's own {@link CsrfFilter} is set, through its object
 * post-processor, to require the token (the pages' session token) on those POSTs alone. One
 * filter, Spring's: no second CsrfFilter relying on the "already filtered" marker. (Only the
 * form endpoints need it: the other endpoints of this chain are called by the CLI, not a browser.)
 */
public final class ConsentCsrf {

    private ConsentCsrf() {
    }

    public static void apply(HttpSecurity http, String... formEndpoints) throws Exception {
        RequestMatcher forms = new OrRequestMatcher(java.util.Arrays.stream(formEndpoints)
                .<RequestMatcher>map(path -> PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path))
                .toList());
        http.csrf(csrf -> csrf.withObjectPostProcessor(new ObjectPostProcessor<CsrfFilter>() {
            @Override
            public <O extends CsrfFilter> O postProcess(O filter) {
                filter.setRequireCsrfProtectionMatcher(forms);
                filter.setAccessDeniedHandler(expiredForm());
                return filter;
            }
        }));
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
