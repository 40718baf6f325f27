package dev.clauth.core.testing;

import dev.clauth.core.testing.StandInServer.Reply;
import dev.clauth.core.testing.StandInServer.Request;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the clauth server as docs/protocol.md describes it: metadata, an authorize
 * endpoint that approves at once, a token endpoint that rotates refresh tokens, revocation, the profile
 * and {@code /v1/messages}. Tokens are numbered ({@code clauth_at_test_1}, …) so tests can follow them.
 */
public final class AuthServerStandIn implements AutoCloseable {

    public final StandInServer http;
    public final Set<String> validAccessTokens = ConcurrentHashMap.newKeySet();
    public final Set<String> validRefreshTokens = ConcurrentHashMap.newKeySet();
    public final Map<String, String> codes = new ConcurrentHashMap<>();
    public final AtomicInteger refreshGrants = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    public volatile String organizationType = "claude_max";
    public volatile long expiresIn = 28800;

    public AuthServerStandIn() throws IOException {
        http = new StandInServer();
        http.on("GET", "/.well-known/oauth-authorization-server", r -> Reply.json(200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/oauth/authorize","token_endpoint":"%1$s/v1/oauth/token",
                 "revocation_endpoint":"%1$s/v1/oauth/token/revoke","response_types_supported":["code"],
                 "code_challenge_methods_supported":["S256"],"authorization_response_iss_parameter_supported":true}"""
                .formatted(base())));
        http.on("GET", "/oauth/authorize", this::authorize);
        http.on("POST", "/v1/oauth/token", this::token);
        http.on("POST", "/v1/oauth/token/revoke", r -> {
            validRefreshTokens.remove(r.form().get("token"));
            return Reply.json(200, "{}");
        });
        http.on("GET", "/api/oauth/profile", r -> authorized(r) ? Reply.json(200, """
                {"account":{"uuid":"acc-1","email":"owner@clauth.local","email_address":"owner@clauth.local",
                 "display_name":"Owner"},"organization":{"uuid":"org-1","name":"Personal",
                 "organization_type":"%s","billing_type":"stripe_subscription","rate_limit_tier":"default_claude_max_20x"}}"""
                .formatted(organizationType)) : Reply.json(401, "{}"));
        http.on("POST", "/v1/messages", r -> authorized(r) && r.header("anthropic-beta") != null
                && r.header("anthropic-beta").contains("oauth-2025-04-20")
                ? Reply.json(200, """
                        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"You said: hello"}],"stop_reason":"end_turn",
                         "stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":3}}""")
                : Reply.json(401, """
                        {"type":"error","error":{"type":"authentication_error","message":"invalid token"}}"""));
    }

    public String base() {
        return http.base();
    }

    private boolean authorized(Request r) {
        String auth = r.header("authorization");
        return auth != null && auth.startsWith("Bearer ") && validAccessTokens.contains(auth.substring(7));
    }

    private Reply authorize(Request r) {
        Map<String, String> q = r.queryParams();
        String code = "code_" + counter.incrementAndGet();
        codes.put(code, q.get("redirect_uri"));
        return Reply.redirect(q.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8) + "&iss="
                + URLEncoder.encode(base(), StandardCharsets.UTF_8));
    }

    private Reply token(Request r) {
        Map<String, String> form = r.form();
        switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> {
                String redirect = codes.remove(form.get("code"));
                if (redirect == null || !redirect.equals(form.get("redirect_uri"))) {
                    return Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad code\"}");
                }
                return issue();
            }
            case "refresh_token" -> {
                refreshGrants.incrementAndGet();
                if (!validRefreshTokens.remove(form.get("refresh_token"))) {
                    return Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token is invalid\"}");
                }
                return issue();
            }
            default -> {
                return Reply.json(400, "{\"error\":\"unsupported_grant_type\"}");
            }
        }
    }

    /** Issues a new numbered pair and makes it valid. */
    public Reply issue() {
        int n = counter.incrementAndGet();
        String access = "clauth_at_test_" + n;
        String refresh = "clauth_rt_test_" + n;
        validAccessTokens.add(access);
        validRefreshTokens.add(refresh);
        SecretLedger.record(access, refresh);
        return Reply.json(200, """
                {"access_token":"%s","token_type":"Bearer","expires_in":%d,"refresh_token":"%s",
                 "scope":"org:create_api_key user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload",
                 "account":{"uuid":"acc-1","email_address":"owner@clauth.local"},
                 "organization":{"uuid":"org-1","name":"Personal","organization_type":"%s"}}"""
                .formatted(access, expiresIn, refresh, organizationType));
    }

    @Override
    public void close() {
        http.close();
    }
}
