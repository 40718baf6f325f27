package dev.clauth.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import dev.clauth.core.ClauthException;
import dev.clauth.core.store.OAuthAccount;
import java.io.IOException;
import java.util.Optional;

/** The account endpoints of the authorization server, called with a fresh access token. */
public final class AccountClient {

    public static final String PROFILE_PATH = "/api/oauth/profile";
    public static final String ROLES_PATH = "/api/oauth/claude_cli/roles";
    public static final String CREATE_API_KEY_PATH = "/api/oauth/claude_cli/create_api_key";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Who signed in: the account to store, and the organisation's type and rate-limit tier. */
    public record Profile(OAuthAccount account, Optional<String> organizationType, Optional<String> rateLimitTier) {
    }

    private final AuthorizationServer server;
    private final String accessToken;

    public AccountClient(AuthorizationServer server, String accessToken) {
        this.server = server;
        this.accessToken = accessToken;
    }

    /**
     * Who signed in. A Claude-style server's profile ({@code /api/oauth/profile}, roles from
     * {@code /api/oauth/claude_cli/roles}); a standard server's — or one without that endpoint — from the ID
     * token of {@code grant} (its {@code email}), else its OpenID userinfo endpoint, else nothing more than the
     * tokens: none of that is needed to use the login.
     */
    public Profile profile(TokenGrant grant) {
        Optional<JsonNode> body = server.claudeStyle() ? get(PROFILE_PATH) : Optional.empty();
        return body.map(this::claudeProfile).orElseGet(() -> standardProfile(grant));
    }

    private Profile standardProfile(TokenGrant grant) {
        Optional<String> email = grant.idTokenEmail().or(grant::emailAddress);
        Optional<String> subject = Optional.empty();
        Optional<String> name = Optional.empty();
        if (email.isEmpty() && server.userinfoEndpoint().isPresent()) {
            Optional<JsonNode> userinfo = userinfo(server.userinfoEndpoint().get());
            email = userinfo.flatMap(u -> text(u, "email"));
            subject = userinfo.flatMap(u -> text(u, "sub"));
            name = userinfo.flatMap(u -> text(u, "name"));
        }
        String shownEmail = email.map(ClauthException::oneLine).orElse(null);
        return new Profile(new OAuthAccount(subject.or(grant::accountUuid).orElse(null), shownEmail, null, null,
                name.map(ClauthException::oneLine).orElse(null), null, null, null), Optional.empty(), Optional.empty());
    }

    /** Userinfo is extra detail: a failure to answer does not stop a login. */
    private Optional<JsonNode> userinfo(java.net.URI endpoint) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, endpoint);
        request.setAuthorization(new BearerAccessToken(accessToken).toAuthorizationHeader());
        request.setAccept("application/json");
        request.setConnectTimeout(TokenClient.TIMEOUT_MS);
        request.setReadTimeout(TokenClient.TIMEOUT_MS);
        try {
            return parse(BoundedHttp.send(request), "userinfo");
        } catch (BoundedHttp.TransportFailure | ClauthException e) {
            return Optional.empty();
        }
    }

    /** The Claude-style profile the reference reads. */
    public Profile profile() {
        return get(PROFILE_PATH).map(this::claudeProfile).orElseThrow(() -> new ClauthException(
                "The server has no account profile (" + PROFILE_PATH + "); check CLAUDE_CODE_CUSTOM_OAUTH_URL"));
    }

    private Profile claudeProfile(JsonNode body) {
        JsonNode account = body.path("account");
        JsonNode org = body.path("organization");
        JsonNode roles = roles();
        String email = text(account, "email_address").or(() -> text(account, "email")).orElse(null);
        return new Profile(
                new OAuthAccount(text(account, "uuid").orElse(null), email, text(org, "uuid").orElse(null),
                        text(org, "name").orElse(null),
                        text(account, "display_name").or(() -> text(account, "full_name")).orElse(null),
                        text(org, "billing_type").orElse(null),
                        text(roles, "organization_role").orElse(null),
                        text(roles, "workspace_role").orElse(null)),
                text(org, "organization_type"),
                text(org, "rate_limit_tier"));
    }

    /** Roles are extra detail: a server without them (404) or failing to answer does not stop a login. */
    private JsonNode roles() {
        try {
            return get(ROLES_PATH).orElse(MAPPER.createObjectNode());
        } catch (ClauthException e) {
            return MAPPER.createObjectNode();
        }
    }

    /** Makes an API key for a Console login and returns it ({@code raw_key}). */
    public String createApiKey() {
        HTTPRequest request = request(HTTPRequest.Method.POST, CREATE_API_KEY_PATH);
        request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_JSON);
        request.setBody("{}");
        JsonNode body = parse(call(request), CREATE_API_KEY_PATH)
                .orElseThrow(() -> new ClauthException("This server cannot make API keys (" + CREATE_API_KEY_PATH
                        + " not found); use clauth auth login --claudeai"));
        return text(body, "raw_key").orElseThrow(() -> new ClauthException(
                "The server's answer from " + CREATE_API_KEY_PATH + " has no raw_key; try again"));
    }

    private Optional<JsonNode> get(String path) {
        return parse(call(request(HTTPRequest.Method.GET, path)), path);
    }

    private HTTPRequest request(HTTPRequest.Method method, String path) {
        HTTPRequest request = new HTTPRequest(method, server.page(path));
        request.setAuthorization(new BearerAccessToken(accessToken).toAuthorizationHeader());
        request.setAccept("application/json");
        request.setConnectTimeout(TokenClient.TIMEOUT_MS);
        request.setReadTimeout(TokenClient.TIMEOUT_MS);
        return request;
    }

    private static HTTPResponse call(HTTPRequest request) {
        try {
            return BoundedHttp.send(request);
        } catch (BoundedHttp.TransportFailure e) {
            throw new ClauthException("Fetching account details failed: " + e.getMessage() + "; try again");
        }
    }

    /** The JSON answer; empty on 404 (an endpoint this server does not have). */
    private static Optional<JsonNode> parse(HTTPResponse response, String path) {
        if (response.getStatusCode() == 404) {
            return Optional.empty();
        }
        if (response.getStatusCode() != 200) {
            throw new ClauthException("Fetching account details failed (" + response.getStatusCode() + " from " + path
                    + "); try clauth auth login again");
        }
        try {
            JsonNode node = MAPPER.readTree(response.getBody() == null ? "" : response.getBody());
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            return Optional.of(node);
        } catch (IOException e) {
            throw new ClauthException("The server's answer from " + path + " is not valid JSON; try again");
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
