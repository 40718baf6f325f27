package dev.clauth.server.metrics;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.clauth.server.api.ApiCaller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts API authentications: {@code clauth.api.auth} with {@code credential} ({@code oauth},
 * {@code api_key}, {@code none}) and {@code outcome} ({@code accepted}, {@code refused}). Wraps
 * the API's authentication filter: a request that leaves an {@link ApiCaller} was accepted; one
 * answered 401 or 403 without one was refused.
 */
public final class ApiAuthMetrics extends OncePerRequestFilter {

    public static final String METER = "clauth.api.auth";

    private final MeterRegistry registry;

    public ApiAuthMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            count(request, response);
        }
    }

    private void count(HttpServletRequest request, HttpServletResponse response) {
        String credential;
        String outcome;
        if (request.getAttribute(ApiCaller.REQUEST_ATTRIBUTE) instanceof ApiCaller caller) {
            credential = caller.kind() == ApiCaller.Kind.OAUTH_TOKEN ? "oauth" : "api_key";
            outcome = "accepted";
        } else if (response.getStatus() == 401 || response.getStatus() == 403) {
            credential = request.getHeader("Authorization") != null ? "oauth"
                    : request.getHeader("x-api-key") != null ? "api_key" : "none";
            outcome = "refused";
        } else {
            return;
        }
        Counter.builder(METER)
                .description("API requests by credential and whether it was accepted")
                .tag("credential", credential)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
