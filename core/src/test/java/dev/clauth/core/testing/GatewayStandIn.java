package dev.clauth.core.testing;

import dev.clauth.core.testing.StandInServer.Reply;
import dev.clauth.core.testing.StandInServer.Request;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for a Claude Code gateway as GATEWAY.md ("How the real client signs in") describes
 * it: RFC 8414 metadata, device authorization with no client id and no scope, the device grant
 * ({@code authorization_pending} until approved, {@code slow_down}, {@code access_denied},
 * {@code expired_token}, then tokens and the {@code email}), the refresh grant (rotating; 401
 * {@code invalid_grant} for an unknown token), RFC 7009 revocation, and {@code /v1/messages} taking only
 * its own bearer. Over http, or https with a certificate of a test CA. Tokens are numbered
 * ({@code gw_at_test_1}, …) so tests can follow them.
 */
public final class GatewayStandIn implements AutoCloseable {

    public static final String MESSAGES = "/v1/messages";

    public final StandInServer http;
    public final Set<String> validAccessTokens = ConcurrentHashMap.newKeySet();
    public final Set<String> validRefreshTokens = ConcurrentHashMap.newKeySet();
    public final List<String> revoked = new CopyOnWriteArrayList<>();
    public final AtomicInteger refreshGrants = new AtomicInteger();
    public final AtomicInteger polls = new AtomicInteger();
    /** Approved on this poll of a device code (1 = the first). */
    public volatile int approveOnPoll = 2;
    /** Answer {@code slow_down} to this many polls first. */
    public final AtomicInteger slowDowns = new AtomicInteger();
    public volatile boolean deny;
    public volatile String email = "ada@example.test";
    public volatile long expiresIn = 3600;
    public volatile String loginNotice;
    /** The metadata's body; {@code %1$s} is the base. Tests replace it to try other shapes. */
    public volatile String metadata = """
            {"issuer":"%1$s","device_authorization_endpoint":"%1$s/oauth/device_authorization",
             "token_endpoint":"%1$s/oauth/token","revocation_endpoint":"%1$s/oauth/revoke",
             "gateway_protocol_version":1,
             "grant_types_supported":["urn:ietf:params:oauth:grant-type:device_code","refresh_token"],
             "token_endpoint_auth_methods_supported":["none"]}""";
    private final Map<String, Integer> deviceCodes = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /** Over http on loopback. */
    public GatewayStandIn() throws IOException {
        this(new StandInServer());
    }

    /** Over https, presenting {@code leaf}. */
    public GatewayStandIn(TestCertificates.Leaf leaf) throws IOException {
        this(StandInServer.https(leaf.tls()));
    }

    private GatewayStandIn(StandInServer server) {
        http = server;
        http.on("GET", "/.well-known/oauth-authorization-server", r -> Reply.json(200, metadata.formatted(base())));
        http.on("POST", "/oauth/device_authorization", this::deviceAuthorization);
        http.on("POST", "/oauth/token", this::token);
        http.on("POST", "/oauth/revoke", r -> {
            String token = r.form().get("token");
            revoked.add(token);
            validAccessTokens.remove(token);
            validRefreshTokens.remove(token);
            return Reply.json(200, "{}");
        });
        http.on("POST", MESSAGES, r -> authorized(r) ? RecordingApi.answer()
                : Reply.json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid bearer\"},"
                        + "\"request_id\":\"req_1\"}"));
    }

    public String base() {
        return http.base();
    }

    private boolean authorized(Request r) {
        String auth = r.header("authorization");
        return auth != null && auth.startsWith("Bearer ") && validAccessTokens.contains(auth.substring(7));
    }

    private Reply deviceAuthorization(Request r) {
        String deviceCode = HexFormat.of().formatHex(bytes(32));
        SecretLedger.record(deviceCode);
        deviceCodes.put(deviceCode, 0);
        String userCode = "BCDF-GHJK";
        return Reply.json(200, """
                {"device_code":"%s","user_code":"%s","verification_uri":"%s/device",
                 "verification_uri_complete":"%s/device?user_code=%s","expires_in":600,"interval":5%s}"""
                .formatted(deviceCode, userCode, base(), base(), userCode,
                        loginNotice == null ? "" : ",\"login_notice\":" + quote(loginNotice)));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Reply token(Request r) {
        Map<String, String> form = r.form();
        switch (form.getOrDefault("grant_type", "")) {
            case "urn:ietf:params:oauth:grant-type:device_code" -> {
                polls.incrementAndGet();
                Integer seen = deviceCodes.get(form.getOrDefault("device_code", ""));
                if (seen == null) {
                    return Reply.json(400, "{\"error\":\"expired_token\"}");
                }
                if (slowDowns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return Reply.json(400, "{\"error\":\"slow_down\"}");
                }
                deviceCodes.put(form.get("device_code"), seen + 1);
                if (seen + 1 < approveOnPoll) {
                    return Reply.json(400, "{\"error\":\"authorization_pending\"}");
                }
                deviceCodes.remove(form.get("device_code"));
                if (deny) {
                    return Reply.json(400, "{\"error\":\"access_denied\"}");
                }
                return issue();
            }
            case "refresh_token" -> {
                refreshGrants.incrementAndGet();
                if (!validRefreshTokens.remove(form.get("refresh_token"))) {
                    return Reply.json(401, "{\"error\":\"invalid_grant\",\"error_description\":\"sign in again\"}");
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
        String access = "gw_at_test_" + n;
        String refresh = "gw_rt_test_" + n;
        validAccessTokens.add(access);
        validRefreshTokens.add(refresh);
        SecretLedger.record(access, refresh);
        return Reply.json(200, """
                {"access_token":"%s","token_type":"Bearer","expires_in":%d,"refresh_token":"%s"%s}"""
                .formatted(access, expiresIn, refresh, email == null ? "" : ",\"email\":" + quote(email)));
    }

    private static String quote(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
