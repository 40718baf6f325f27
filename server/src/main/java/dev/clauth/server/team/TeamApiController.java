package dev.clauth.server.team;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;
import dev.clauth.server.api.ApiCaller;
import dev.clauth.server.api.ApiException;
import dev.clauth.server.apikey.ApiKeyKind;
import dev.clauth.server.apikey.ApiKeyService;
import dev.clauth.server.apikey.ApiKeyStore;
import dev.clauth.server.oauth.Scopes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the CLI asks about the team after a login (Bearer access token): the caller's roles, and
 * an API key for a Console login ({@code clauth auth login --console} stores its {@code raw_key}
 * as {@code primaryApiKey}). Both act for the login's current organisation.
 */
@RestController
public class TeamApiController {

    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final AccountStore accounts;
    private final ApiKeyService keys;
    private final JsonMapper json;

    public TeamApiController(AccountStore accounts, ApiKeyService keys, JsonMapper json) {
        this.accounts = accounts;
        this.keys = keys;
        this.json = json;
    }

    /** {@code GET /api/oauth/claude_cli/roles} (scope {@code user:profile}). */
    @GetMapping("/api/oauth/claude_cli/roles")
    Map<String, Object> roles(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller) {
        requireOAuth(caller);
        caller.requireScope(Scopes.PROFILE);
        Membership membership = membershipOf(caller);
        Map<String, Object> roles = new LinkedHashMap<>();
        roles.put("organization_uuid", membership.organization().uuid());
        roles.put("organization_name", membership.organization().name());
        roles.put("organization_role", Role.of(membership.role()).value());
        roles.put("workspace_role", null);
        return roles;
    }

    /**
     * {@code POST /api/oauth/claude_cli/create_api_key} (scope {@code org:create_api_key}); an
     * optional JSON body {@code {"name":…,"kind":"claude_code"|"general"}}, kind {@code claude_code} by default.
     */
    @PostMapping("/api/oauth/claude_cli/create_api_key")
    Map<String, Object> createApiKey(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
            HttpServletRequest request) throws IOException {
        requireOAuth(caller);
        caller.requireScope(Scopes.CREATE_API_KEY);
        JsonNode body = readOptionalBody(request);
        ApiKeyKind kind = ApiKeyKind.CLAUDE_CODE;
        String name = null;
        if (body != null) {
            JsonNode kindNode = body.get("kind");
            if (kindNode != null && !kindNode.isNull()) {
                kind = ApiKeyKind.parse(kindNode.isString() ? kindNode.stringValue() : null)
                        .orElseThrow(() -> ApiException.invalidRequest("kind: Input should be 'claude_code' or 'general'"));
            }
            JsonNode nameNode = body.get("name");
            if (nameNode != null && !nameNode.isNull()) {
                if (!nameNode.isString()) {
                    throw ApiException.invalidRequest("name: Input should be a string");
                }
                name = nameNode.stringValue();
            }
        }
        Membership membership = membershipOf(caller);
        ApiKeyStore.Created created;
        try {
            created = keys.create(membership, name, kind, "create_api_key", request.getRemoteAddr());
        } catch (NotAllowedException e) {
            throw ApiException.permission(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("raw_key", created.rawKey());
        answer.put("id", created.key().id());
        answer.put("name", created.key().name());
        answer.put("kind", created.key().kind().value());
        answer.put("partial_key_hint", created.key().masked());
        answer.put("organization_uuid", membership.organization().uuid());
        answer.put("created_at", Instant.ofEpochMilli(created.key().createdAt()).toString());
        return answer;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> refused(ApiException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    private static void requireOAuth(ApiCaller caller) {
        if (caller.kind() != ApiCaller.Kind.OAUTH_TOKEN) {
            throw ApiException.permission("This endpoint needs an OAuth login, not an API key.");
        }
    }

    private Membership membershipOf(ApiCaller caller) {
        return accounts.findPrimaryMembership(caller.accountUuid())
                .orElseThrow(() -> ApiException.permission("This account is no longer a member of any organisation."));
    }

    private JsonNode readOptionalBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            if (!node.isObject()) {
                throw ApiException.invalidRequest("The request body must be a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("The request body is not valid JSON.");
        }
    }
}
