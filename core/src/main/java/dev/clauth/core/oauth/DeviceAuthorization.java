package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.clauth.core.ClauthException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The start of a device login (RFC 8628 §3.1–3.2): the device code to poll with, the short code a person
 * types on the verification page, that page, and how long and how often to poll.
 * {@code toString} hides the device code.
 */
public record DeviceAuthorization(String deviceCode, String userCode, URI verificationUri,
        Optional<URI> verificationUriComplete, Duration lifetime, Duration interval) {

    /** RFC 8628 §3.2: 5 s when the server names no interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_CODE_CHARS = 1024;

    public static DeviceAuthorization request(AuthorizationServer server, String clientId, List<String> scopes, Retry retry) {
        URI endpoint = server.deviceAuthorizationEndpoint().orElseThrow(() -> new ClauthException(
                "The authorization server at " + server.issuer() + " does not offer device login;"
                        + " run clauth auth login without --device"));
        HTTPRequest request = new DeviceAuthorizationRequest(endpoint, new ClientID(clientId),
                new Scope(scopes.toArray(String[]::new))).toHTTPRequest();
        request.setConnectTimeout(TokenClient.TIMEOUT_MS);
        request.setReadTimeout(TokenClient.TIMEOUT_MS);
        HTTPResponse response;
        try {
            response = retry.send(request);
        } catch (BoundedHttp.TransportFailure e) {
            throw new ClauthException("Device login failed: " + e.getMessage() + "; try again");
        }
        DeviceAuthorizationResponse parsed;
        try {
            parsed = DeviceAuthorizationResponse.parse(response);
        } catch (ParseException e) {
            throw new ClauthException("Device login failed (" + response.getStatusCode()
                    + "): the server's answer is not a device authorization response");
        }
        if (!parsed.indicatesSuccess()) {
            var error = parsed.toErrorResponse().getErrorObject();
            String code = error == null || error.getCode() == null ? "refused" : ClauthException.oneLine(error.getCode());
            String why = error == null || error.getDescription() == null || error.getDescription().isBlank() ? ""
                    : " (" + ClauthException.oneLine(error.getDescription()) + ")";
            throw new ClauthException("Device login failed (" + response.getStatusCode() + "): " + code + why
                    + "; try again, or run clauth auth login without --device");
        }
        DeviceAuthorizationSuccessResponse ok = parsed.toSuccessResponse();
        String deviceCode = ok.getDeviceCode().getValue();
        String userCode = ok.getUserCode().getValue();
        if (deviceCode.length() > MAX_CODE_CHARS || userCode.length() > 64 || !userCode.matches("[\\p{Alnum}\\-]+")
                || !isWeb(ok.getVerificationURI())) {
            throw new ClauthException("Device login failed: the server's answer is not a usable device authorization");
        }
        long lifetime = ok.getLifetime() > 0 ? Math.min(ok.getLifetime(), 3600) : 600;
        long interval = ok.getInterval() > 0 ? Math.min(ok.getInterval(), 60) : DEFAULT_INTERVAL.toSeconds();
        return new DeviceAuthorization(deviceCode, userCode, ok.getVerificationURI(),
                Optional.ofNullable(ok.getVerificationURIComplete()).filter(DeviceAuthorization::isWeb),
                Duration.ofSeconds(lifetime), Duration.ofSeconds(interval));
    }

    private static boolean isWeb(URI uri) {
        return uri != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
    }

    @Override
    public String toString() {
        return "DeviceAuthorization[" + verificationUri + ", lifetime=" + lifetime + ", interval=" + interval + "]";
    }
}
