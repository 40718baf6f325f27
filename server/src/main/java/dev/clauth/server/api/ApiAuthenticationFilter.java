package dev.clauth.server.api;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.clauth.server.apikey.ApiKeyStore;
import dev.clauth.server.oauth.Scopes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where API credentials are checked. {@code Authorization: Bearer <access token>}
 * is resolved through the authorization service (by hash) and must be active: not revoked, not
 * expired on the server's clock. OAuth tokens on {@code /v1/} also need
 * {@code anthropic-beta: oauth-2025-04-20}. {@code x-api-key: clauth_sk_…} is looked up (by hash)
 * in the database on every request, so a revoked key fails on its next use on every instance; it
 * needs no beta header, and every refused key (unknown, revoked, malformed, creator removed) gets
 * the same answer. An {@code x-api-key} that is not an API key, next to a Bearer token, is left
 * aside (an {@code apiKeyHelper} sends its value in both headers). The result is an
 * {@link ApiCaller} request attribute; a refusal is answered here, 401 {@code authentication_error}.
 */
public final class ApiAuthenticationFilter extends OncePerRequestFilter {

    static final String OAUTH_BETA = "oauth-2025-04-20";

    static final String INVALID_API_KEY = "invalid x-api-key";

    private final OAuth2AuthorizationService authorizations;
    private final ApiKeyStore apiKeys;
    private final Clock clock;
    private final JsonMapper json;

    public ApiAuthenticationFilter(OAuth2AuthorizationService authorizations, ApiKeyStore apiKeys, Clock clock,
            JsonMapper json) {
        this.authorizations = authorizations;
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiCaller caller;
        try {
            caller = resolve(request);
        } catch (ApiException e) {
            response.setStatus(e.status());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            if (e.status() == 401) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            json.writeValue(response.getOutputStream(), e.body());
            return;
        }
        request.setAttribute(ApiCaller.REQUEST_ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    ApiCaller resolve(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String apiKey = request.getHeader("x-api-key");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank();
        if (apiKey != null && (!bearer || apiKey.strip().startsWith(ApiKeyStore.PREFIX))) {
            return resolveApiKey(apiKey.strip());
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw ApiException.authentication(
                    "This request needs a credential: an OAuth access token as Authorization: Bearer.");
        }
        OAuth2Authorization login = authorizations.findByToken(authorization.substring(7).trim(),
                OAuth2TokenType.ACCESS_TOKEN);
        OAuth2Authorization.Token<OAuth2AccessToken> token = login == null ? null : login.getAccessToken();
        if (token == null || token.isInvalidated()) {
            throw ApiException.authentication("Invalid bearer token: it is unknown or has been revoked.");
        }
        if (token.getToken().getExpiresAt() == null || !clock.instant().isBefore(token.getToken().getExpiresAt())) {
            throw ApiException.authentication("OAuth token has expired; refresh it or log in again.");
        }
        if (request.getRequestURI().startsWith("/v1/") && !hasOAuthBeta(request)) {
            throw ApiException.authentication(
                    "OAuth access tokens need the header anthropic-beta: " + OAUTH_BETA + ".");
        }
        return new ApiCaller(ApiCaller.Kind.OAUTH_TOKEN, login.getPrincipalName(), Set.copyOf(token.getToken().getScopes()));
    }

    private ApiCaller resolveApiKey(String presented) {
        ApiKeyStore.Presented key = apiKeys.lookup(presented).orElse(null);
        if (key == null || !key.usable()) {
            throw ApiException.authentication(INVALID_API_KEY);
        }
        apiKeys.touch(key);
        return new ApiCaller(ApiCaller.Kind.API_KEY, key.createdBy(), Set.of(Scopes.INFERENCE));
    }

    private static boolean hasOAuthBeta(HttpServletRequest request) {
        var headers = request.getHeaders("anthropic-beta");
        while (headers.hasMoreElements()) {
            for (String beta : headers.nextElement().split(",")) {
                if (OAUTH_BETA.equals(beta.trim())) {
                    return true;
                }
            }
        }
        return false;
    }
}
