package dev.clauth.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.clauth.core.ClauthException;
import dev.clauth.core.oauth.BoundedHttp;
import dev.clauth.core.oauth.TokenEndpointException;
import dev.clauth.core.oauth.TokenEndpointException.Kind;
import dev.clauth.core.oauth.TokenGrant;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What the client says to a Claude Code gateway (GATEWAY.md, "How the real client signs in"): its RFC 8414
 * metadata (each endpoint used only when it is an absolute URL on the gateway's own origin, else
 * {@code /oauth/device_authorization} and {@code /oauth/token}, and no revocation), the device
 * authorization ({@code surface=claude_code}, no client id, no scope), the device and refresh grants (no
 * client authentication), and RFC 7009 revocation of both tokens. Over https every connection is held to
 * the pinned certificate; a different one fails with {@link GatewayTls#changedCertificate}'s line. Never
 * follows a redirect.
 */
public final class GatewayClient {

    public static final String METADATA_PATH = "/.well-known/oauth-authorization-server";
    public static final String DEVICE_PATH = "/oauth/device_authorization";
    public static final String TOKEN_PATH = "/oauth/token";
    public static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int TIMEOUT_MS = 10_000;
    private static final int MAX_TOKEN_CHARS = 16_384;
    /** The reference shows at most 254 characters of the email it asks the user to confirm. */
    private static final int MAX_EMAIL_CHARS = 254;
    private static final int MAX_NOTICE_CHARS = 500;

    /** The endpoints this client uses, after the same-origin rule. */
    public record Endpoints(URI deviceAuthorization, URI token, Optional<URI> revocation) {
    }

    /** A device authorization: what to show and what to poll with. {@code toString} hides the device code. */
    public record Device(String deviceCode, String userCode, URI verificationUri, URI browserUri, Duration lifetime,
            Duration interval, Optional<String> loginNotice) {
        @Override
        public String toString() {
            return "Device[" + verificationUri + "]";
        }
    }

    /** One poll of the device grant. */
    public sealed interface Poll {
        record Granted(TokenGrant grant) implements Poll {
        }

        record Pending(boolean slowDown) implements Poll {
        }
    }

    private final GatewayAddress gateway;
    private final BoundedHttp http;

    private GatewayClient(GatewayAddress gateway, BoundedHttp http) {
        this.gateway = gateway;
        this.http = http;
    }

    /** A client for {@code gateway}; {@code tls} the pinned TLS for https (ignored for http on loopback). */
    public static GatewayClient of(GatewayAddress gateway, Optional<SSLContext> tls) {
        return new GatewayClient(gateway, gateway.https() && tls.isPresent() ? BoundedHttp.withTls(tls.get()) : BoundedHttp.INSTANCE);
    }

    public GatewayAddress gateway() {
        return gateway;
    }

    /** The gateway's endpoints; missing or unreadable metadata, or an endpoint on another origin, gives the defaults. */
    public Endpoints discover() {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, gateway.resolve(METADATA_PATH));
        request.setAccept("application/json");
        HTTPResponse response = send(request, "Reading the gateway's metadata");
        JsonNode metadata = response.getStatusCode() == 200 ? json(response).orElse(MAPPER.createObjectNode())
                : MAPPER.createObjectNode();
        return new Endpoints(
                gateway.sameOrigin(text(metadata, "device_authorization_endpoint")).orElse(gateway.resolve(DEVICE_PATH)),
                gateway.sameOrigin(text(metadata, "token_endpoint")).orElse(gateway.resolve(TOKEN_PATH)),
                gateway.sameOrigin(text(metadata, "revocation_endpoint")));
    }

    /** Starts a device sign-in. */
    public Device startDevice(URI endpoint) {
        HTTPResponse response = send(form(endpoint, Map.of("surface", "claude_code")), "Starting the sign-in");
        if (response.getStatusCode() != 200) {
            if ("slow_down".equals(errorCode(response)) || response.getStatusCode() == 429) {
                throw new ClauthException("The gateway is limiting sign-in attempts right now; wait a few minutes and try again");
            }
            throw refused("Starting the sign-in", response);
        }
        JsonNode body = json(response).orElseThrow(() -> malformed("device authorization"));
        String deviceCode = text(body, "device_code");
        String userCode = text(body, "user_code");
        URI verification = web(text(body, "verification_uri"));
        if (deviceCode == null || deviceCode.length() > 4096 || userCode == null || !userCode.matches("[\\p{Alnum}-]{1,64}")
                || verification == null || !body.path("expires_in").canConvertToLong()) {
            throw malformed("device authorization");
        }
        URI complete = Optional.ofNullable(web(text(body, "verification_uri_complete"))).orElse(verification);
        long lifetime = Math.max(1, Math.min(body.path("expires_in").asLong(), 3600));
        long interval = body.path("interval").canConvertToLong() ? Math.max(1, Math.min(body.path("interval").asLong(), 60)) : 5;
        Optional<String> notice = Optional.ofNullable(text(body, "login_notice")).map(GatewayClient::printable)
                .filter(n -> !n.isBlank())
                .map(n -> n.length() > MAX_NOTICE_CHARS ? n.substring(0, MAX_NOTICE_CHARS) + "…" : n);
        return new Device(deviceCode, userCode, verification, complete, Duration.ofSeconds(lifetime),
                Duration.ofSeconds(interval), notice);
    }

    /** Asks whether the sign-in was approved. Denied or expired codes fail with one line. */
    public Poll poll(URI tokenEndpoint, String deviceCode) {
        HTTPResponse response = send(form(tokenEndpoint, Map.of("grant_type", DEVICE_GRANT, "device_code", deviceCode)),
                "Signing in");
        if (response.getStatusCode() == 200) {
            return new Poll.Granted(grant(response));
        }
        String code = errorCode(response);
        if ("authorization_pending".equals(code)) {
            return new Poll.Pending(false);
        }
        if ("slow_down".equals(code)) {
            return new Poll.Pending(true);
        }
        if ("expired_token".equals(code)) {
            throw new ClauthException("Sign-in timed out before the browser flow completed; run clauth auth login --gateway "
                    + gateway + " again");
        }
        if ("access_denied".equals(code)) {
            throw new ClauthException("Sign-in was denied in the browser; run clauth auth login --gateway " + gateway
                    + " to try again");
        }
        throw refused("Signing in", response);
    }

    /** The refresh grant; {@code invalid_grant} (401 or 400) is {@link Kind#INVALID_GRANT}. */
    public TokenGrant refresh(URI tokenEndpoint, String refreshToken) {
        HTTPResponse response;
        try {
            response = http.call(timed(form(tokenEndpoint, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken))));
        } catch (BoundedHttp.TransportFailure e) {
            GatewayTls.mismatchIn(e).ifPresent(m -> {
                throw new ClauthException(m.userMessage());
            });
            throw new TokenEndpointException(Kind.TRANSIENT, "Refreshing the gateway sign-in failed: " + e.getMessage()
                    + "; try again");
        }
        int status = response.getStatusCode();
        if (status == 200) {
            try {
                return grant(response);
            } catch (ClauthException e) {
                throw new TokenEndpointException(Kind.TRANSIENT, e.getMessage());
            }
        }
        String code = errorCode(response);
        if ("invalid_grant".equals(code)) {
            throw new TokenEndpointException(Kind.INVALID_GRANT, "invalid_grant");
        }
        Kind kind = status >= 500 || status == 429 || status == 408 ? Kind.TRANSIENT : Kind.REFUSED;
        throw new TokenEndpointException(kind, "Refreshing the gateway sign-in failed (" + status + ")"
                + describe(response) + "; try again, or run clauth auth login --gateway " + gateway);
    }

    /** RFC 7009 for the access token, then the refresh token; best effort, failures ignored. */
    public void revoke(URI endpoint, String accessToken, String refreshToken) {
        Map<String, String> access = Map.of("token", accessToken);
        try {
            http.call(timed(form(endpoint, access)));
            if (refreshToken != null && !refreshToken.isEmpty()) {
                Map<String, String> refresh = new LinkedHashMap<>();
                refresh.put("token", refreshToken);
                refresh.put("token_type_hint", "refresh_token");
                http.call(timed(form(endpoint, refresh)));
            }
        } catch (BoundedHttp.TransportFailure | RuntimeException e) {
            // best effort: the tokens stop being used here whatever the gateway says
        }
    }

    private HTTPResponse send(HTTPRequest request, String what) {
        try {
            return http.call(timed(request));
        } catch (BoundedHttp.TransportFailure e) {
            GatewayTls.mismatchIn(e).ifPresent(m -> {
                throw new ClauthException(m.userMessage());
            });
            throw new ClauthException(what + " failed: " + e.getMessage() + "; check that you are on your organisation's"
                    + " network, then try again");
        }
    }

    private static HTTPRequest timed(HTTPRequest request) {
        request.setConnectTimeout(TIMEOUT_MS);
        request.setReadTimeout(TIMEOUT_MS);
        return request;
    }

    private static HTTPRequest form(URI endpoint, Map<String, String> fields) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
        request.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        request.setAccept("application/json");
        Map<String, List<String>> params = new LinkedHashMap<>();
        fields.forEach((k, v) -> params.put(k, List.of(v)));
        request.setBody(URLUtils.serializeParameters(params));
        return request;
    }

    private TokenGrant grant(HTTPResponse response) {
        JsonNode body = json(response).orElseThrow(() -> malformed("token"));
        String access = text(body, "access_token");
        String refresh = text(body, "refresh_token");
        JsonNode expires = body.path("expires_in");
        if (access == null || access.length() > MAX_TOKEN_CHARS || (refresh != null && refresh.length() > MAX_TOKEN_CHARS)
                || !expires.canConvertToLong() || expires.asLong() <= 0 || expires.asLong() > 400L * 24 * 3600) {
            throw malformed("token");
        }
        Optional<String> email = Optional.ofNullable(text(body, "email")).map(GatewayClient::printable).map(String::strip)
                .filter(e -> !e.isEmpty())
                .map(e -> e.length() > MAX_EMAIL_CHARS ? e.substring(0, MAX_EMAIL_CHARS) + "…" : e);
        return new TokenGrant(access, Optional.ofNullable(refresh), expires.asLong(), List.of(), Optional.empty(), email,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private ClauthException malformed(String what) {
        return new ClauthException("The gateway at " + gateway + " answered with a malformed " + what
                + " response; check the gateway, then try again");
    }

    private ClauthException refused(String what, HTTPResponse response) {
        int status = response.getStatusCode();
        return new ClauthException(what + " failed: the gateway answered HTTP " + status + describe(response)
                + (status >= 500 ? "; wait a few minutes and try again" : "; try again, or ask your administrator"));
    }

    /** The gateway's own words: {@code error_description} (else {@code error}), made fit for one line. */
    private static String describe(HTTPResponse response) {
        Optional<JsonNode> body = json(response);
        String detail = body.map(b -> Optional.ofNullable(text(b, "error_description")).orElse(text(b, "error"))).orElse(null);
        return detail == null || detail.isBlank() ? "" : " (" + ClauthException.oneLine(detail) + ")";
    }

    private static String errorCode(HTTPResponse response) {
        return json(response).map(b -> text(b, "error")).orElse(null);
    }

    private static Optional<JsonNode> json(HTTPResponse response) {
        String body = response.getBody();
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static URI web(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawUserInfo() == null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Text from the gateway, fit for a terminal: no control characters (escape sequences included). */
    static String printable(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]", " ");
    }
}
