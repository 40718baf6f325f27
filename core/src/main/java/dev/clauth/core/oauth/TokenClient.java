package dev.clauth.core.oauth;

import static dev.clauth.core.ClauthException.oneLine;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.clauth.core.oauth.TokenEndpointException.Kind;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token endpoint: the authorization-code exchange, the refresh grant (30 s each) and revocation
 * (5 s, failures ignored). Requests and answers are Nimbus messages; answers are checked before use.
 */
public final class TokenClient {

    static final int TIMEOUT_MS = 30_000;
    static final int REVOKE_TIMEOUT_MS = 5_000;
    /** Longer tokens than this are not tokens but a broken or hostile server. */
    static final int MAX_TOKEN_CHARS = 4096;
    private static final long MAX_LIFETIME_SECONDS = 400L * 24 * 3600;

    private final URI tokenEndpoint;
    private final ClientID clientId;
    private final Retry retry;
    private Optional<Long> requestedLifetime = Optional.empty();

    public TokenClient(URI tokenEndpoint, String clientId) {
        this(tokenEndpoint, clientId, Retry.NONE);
    }

    /** A client whose code exchange and device polls are retried as {@code retry} says. */
    public TokenClient(URI tokenEndpoint, String clientId, Retry retry) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = new ClientID(clientId);
        this.retry = retry;
    }

    /** Code and device exchanges ask for this {@code expires_in} (seconds), as {@code setup-token} does. */
    public TokenClient requestingLifetime(Optional<Long> seconds) {
        this.requestedLifetime = seconds;
        return this;
    }

    private TokenRequest.Builder withLifetime(TokenRequest.Builder builder) {
        requestedLifetime.ifPresent(seconds -> builder.customParameter("expires_in", Long.toString(seconds)));
        return builder;
    }

    public TokenGrant exchange(String code, URI redirectUri, Pkce pkce, State state) {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, pkce.verifier());
        TokenRequest request = withLifetime(new TokenRequest.Builder(tokenEndpoint, clientId, grant)
                .customParameter("state", state.getValue()))
                .build();
        HTTPResponse response = send(request.toHTTPRequest(), "Token exchange", retry);
        if (response.getStatusCode() == 401) {
            throw new TokenEndpointException(Kind.INVALID_GRANT, "Authentication failed: Invalid authorization code");
        }
        return read(response, "Token exchange");
    }

    public TokenGrant refresh(String refreshToken, List<String> scopes) {
        TokenRequest.Builder builder = new TokenRequest.Builder(tokenEndpoint, clientId,
                new RefreshTokenGrant(new RefreshToken(refreshToken)));
        if (!scopes.isEmpty()) {
            builder.scope(new Scope(scopes.toArray(String[]::new)));
        }
        return read(send(builder.build().toHTTPRequest(), "Token refresh", Retry.NONE), "Token refresh");
    }

    /** Asks the server to end the login that {@code refreshToken} belongs to; true when it said 200. */
    public static boolean revoke(URI revocationEndpoint, String clientId, String refreshToken) {
        HTTPRequest request = new TokenRevocationRequest(revocationEndpoint, new ClientID(clientId),
                new RefreshToken(refreshToken)).toHTTPRequest();
        request.setConnectTimeout(REVOKE_TIMEOUT_MS);
        request.setReadTimeout(REVOKE_TIMEOUT_MS);
        try {
            return BoundedHttp.send(request).getStatusCode() == 200;
        } catch (BoundedHttp.TransportFailure e) {
            return false;
        }
    }

    /** Revokes both tokens of a login that is being abandoned (RFC 7009, best effort). */
    public static void revokeBoth(URI revocationEndpoint, String clientId, String accessToken, Optional<String> refreshToken) {
        refreshToken.ifPresent(refresh -> revoke(revocationEndpoint, clientId, refresh));
        HTTPRequest request = new TokenRevocationRequest(revocationEndpoint, new ClientID(clientId),
                new com.nimbusds.oauth2.sdk.token.BearerAccessToken(accessToken)).toHTTPRequest();
        request.setConnectTimeout(REVOKE_TIMEOUT_MS);
        request.setReadTimeout(REVOKE_TIMEOUT_MS);
        try {
            BoundedHttp.send(request);
        } catch (BoundedHttp.TransportFailure e) {
            // best effort
        }
    }

    /** What one poll of the device code grant (RFC 8628 §3.4) came to. */
    public sealed interface DevicePoll {
        record Granted(TokenGrant grant) implements DevicePoll {
        }

        /** {@code authorization_pending}, or {@code slow_down} when {@code slowDown}. */
        record Pending(boolean slowDown) implements DevicePoll {
        }
    }

    /**
     * Asks whether the device code has been approved yet. {@code access_denied} and {@code expired_token}
     * are thrown as {@link TokenEndpointException}s of kind {@code REFUSED} and {@code INVALID_GRANT}.
     */
    public DevicePoll pollDevice(String deviceCode) {
        TokenRequest request = withLifetime(new TokenRequest.Builder(tokenEndpoint, clientId,
                new DeviceCodeGrant(new DeviceCode(deviceCode)))).build();
        HTTPResponse response = send(request.toHTTPRequest(), "Device login", retry);
        if (response.getStatusCode() != 200) {
            String code = errorCode(response);
            if ("authorization_pending".equals(code) || "slow_down".equals(code)) {
                return new DevicePoll.Pending("slow_down".equals(code));
            }
            if ("access_denied".equals(code)) {
                throw new TokenEndpointException(Kind.REFUSED, "Login cancelled: access was denied on the"
                        + " verification page. Run clauth auth login --device to try again.");
            }
            if ("expired_token".equals(code)) {
                throw new TokenEndpointException(Kind.INVALID_GRANT, DEVICE_CODE_EXPIRED);
            }
        }
        return new DevicePoll.Granted(read(response, "Device login"));
    }

    public static final String DEVICE_CODE_EXPIRED =
            "The code expired before the login was approved; run clauth auth login --device to get a new one";

    private static String errorCode(HTTPResponse response) {
        try {
            return TokenErrorResponse.parse(response).getErrorObject().getCode();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static HTTPResponse send(HTTPRequest request, String what, Retry retry) {
        request.setConnectTimeout(TIMEOUT_MS);
        request.setReadTimeout(TIMEOUT_MS);
        try {
            return retry.send(request);
        } catch (BoundedHttp.TransportFailure e) {
            throw new TokenEndpointException(Kind.TRANSIENT, what + " failed: " + e.getMessage() + "; try again");
        }
    }

    private static TokenGrant read(HTTPResponse response, String what) {
        int status = response.getStatusCode();
        if (status != 200) {
            throw refusal(response, what);
        }
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            throw malformed(what, e.getMessage());
        }
        if (!parsed.indicatesSuccess()) {
            throw refusal(response, what);
        }
        return toGrant(parsed.toSuccessResponse(), what);
    }

    private static TokenEndpointException refusal(HTTPResponse response, String what) {
        int status = response.getStatusCode();
        ErrorObject error = null;
        try {
            error = TokenErrorResponse.parse(response).getErrorObject();
        } catch (ParseException | RuntimeException ignored) {
            // not an RFC 6749 error body; the status says enough
        }
        String code = error == null ? null : error.getCode();
        Kind kind = "invalid_grant".equals(code) ? Kind.INVALID_GRANT
                : status >= 500 || status == 429 || status == 408 ? Kind.TRANSIENT : Kind.REFUSED;
        String detail = code != null ? code + describe(error) : statusText(response);
        return new TokenEndpointException(kind, what + " failed (" + status + "): " + detail);
    }

    private static String describe(ErrorObject error) {
        String d = error.getDescription();
        return d == null || d.isBlank() ? "" : " (" + oneLine(d) + ")";
    }

    private static String statusText(HTTPResponse response) {
        String message = response.getStatusMessage();
        return message == null || message.isBlank() ? "unexpected answer from the token endpoint" : oneLine(message);
    }

    private static TokenEndpointException malformed(String what, String reason) {
        return new TokenEndpointException(Kind.REFUSED, what + " failed: the server's answer is not a valid token response ("
                + oneLine(reason == null ? "unreadable" : reason) + ")");
    }

    private static TokenGrant toGrant(AccessTokenResponse response, String what) {
        String access = response.getTokens().getAccessToken().getValue();
        RefreshToken refresh = response.getTokens().getRefreshToken();
        long lifetime = response.getTokens().getAccessToken().getLifetime();
        if (access.isBlank() || access.length() > MAX_TOKEN_CHARS
                || (refresh != null && refresh.getValue().length() > MAX_TOKEN_CHARS)) {
            throw malformed(what, "token missing or too long");
        }
        if (lifetime <= 0 || lifetime > MAX_LIFETIME_SECONDS) {
            throw malformed(what, "missing or impossible expires_in");
        }
        Scope scope = response.getTokens().getAccessToken().getScope();
        Map<String, Object> extras = response.getCustomParameters();
        return new TokenGrant(access,
                Optional.ofNullable(refresh).map(RefreshToken::getValue),
                lifetime,
                scope == null ? List.of() : scope.toStringList(),
                field(extras, "account", "uuid"),
                field(extras, "account", "email_address"),
                field(extras, "organization", "uuid"),
                field(extras, "organization", "name"),
                field(extras, "organization", "organization_type"),
                extras.get("id_token") instanceof String id && id.length() <= 16_384 ? Optional.of(id) : Optional.empty());
    }

    private static Optional<String> field(Map<String, Object> extras, String object, String name) {
        return extras.get(object) instanceof Map<?, ?> map && map.get(name) instanceof String value
                && !value.isBlank() && value.length() <= 1024
                ? Optional.of(value)
                : Optional.empty();
    }
}
