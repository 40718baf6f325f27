package dev.clauth.server.metrics;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts every answer of the token endpoint: {@code clauth.token.requests} with the tags
 * {@code grant_type} ({@code authorization_code}, {@code refresh_token}, {@code device_code},
 * {@code other}, {@code unknown}), {@code outcome} ({@code issued}, {@code replayed} for a
 * refresh repeated within the grace period, {@code refused}) and {@code reason} ({@code none},
 * or the OAuth error: {@code invalid_grant}, {@code reuse_revoked} when a reused refresh token
 * ended its login, {@code authorization_pending}, {@code slow_down}, {@code server_error}, …).
 * <p>
 * It wraps the whole endpoint, malformed requests included; the endpoint's own handlers say
 * what they know beyond the status and error code through the request attributes below.
 */
public final class TokenMetrics extends OncePerRequestFilter {

    public static final String METER = "clauth.token.requests";
    /** Request attribute: the {@code grant_type} as the endpoint read it (JSON bodies are read further in). */
    public static final String GRANT_TYPE = TokenMetrics.class.getName() + ".grant_type";
    /** Request attribute: an outcome other than {@code issued} for a 200, i.e. {@code replayed}. */
    public static final String OUTCOME = TokenMetrics.class.getName() + ".outcome";
    /** Request attribute: a reason more precise than the OAuth error code, e.g. {@code reuse_revoked}. */
    public static final String REASON = TokenMetrics.class.getName() + ".reason";

    public static final String ISSUED = "issued";
    public static final String REPLAYED = "replayed";
    public static final String REFUSED = "refused";
    public static final String REUSE_REVOKED = "reuse_revoked";

    private static final Set<String> REASONS = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "authorization_pending", "slow_down",
            "access_denied", "expired_token", "server_error", "temporarily_unavailable", REUSE_REVOKED);

    private final MeterRegistry registry;
    private final JsonMapper json;

    public TokenMetrics(MeterRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorded);
        } finally {
            count(request, recorded);
            recorded.copyBodyToResponse();
        }
    }

    private void count(HttpServletRequest request, ContentCachingResponseWrapper response) {
        String outcome;
        String reason;
        if (response.getStatus() == 200) {
            outcome = request.getAttribute(OUTCOME) instanceof String o ? o : ISSUED;
            reason = "none";
        } else {
            outcome = REFUSED;
            reason = request.getAttribute(REASON) instanceof String r ? r : errorCode(response);
        }
        Counter.builder(METER)
                .description("Token endpoint answers, by grant type, outcome and reason")
                .tag("grant_type", grantType(request))
                .tag("outcome", outcome)
                .tag("reason", REASONS.contains(reason) ? reason : "other")
                .register(registry)
                .increment();
    }

    private String errorCode(ContentCachingResponseWrapper response) {
        byte[] body = response.getContentAsByteArray();
        if (body.length > 0 && body.length < 8192) {
            try {
                JsonNode error = json.readTree(body).get("error");
                if (error != null && error.isString()) {
                    return error.asString();
                }
            } catch (JacksonException e) {
                // not an OAuth error body
            }
        }
        return response.getStatus() >= 500 ? "server_error" : "other";
    }

    private static String grantType(HttpServletRequest request) {
        Object read = request.getAttribute(GRANT_TYPE);
        String grantType = read instanceof String s ? s : safeParameter(request);
        if (grantType == null) {
            return "unknown";
        }
        return switch (grantType) {
            case "authorization_code", "refresh_token", "client_credentials" -> grantType;
            case "urn:ietf:params:oauth:grant-type:device_code" -> "device_code";
            default -> "other";
        };
    }

    private static String safeParameter(HttpServletRequest request) {
        try {
            return request.getParameter("grant_type");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
