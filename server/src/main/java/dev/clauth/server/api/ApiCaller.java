package dev.clauth.server.api;

import java.util.Set;

/**
 * Who is calling the API and what their credential allows: an OAuth access token, or an API key
 * ({@code x-api-key}), which acts for the account that created it and may only use the models.
 */
public record ApiCaller(Kind kind, String accountUuid, Set<String> scopes) {

    public static final String REQUEST_ATTRIBUTE = "dev.clauth.server.api.ApiCaller";

    public enum Kind { OAUTH_TOKEN, API_KEY }

    /** Refuses (403 permission_error) a credential without the scope. */
    public void requireScope(String scope) {
        if (!scopes.contains(scope)) {
            throw ApiException.permission("This OAuth token does not have the " + scope + " scope.");
        }
    }
}
