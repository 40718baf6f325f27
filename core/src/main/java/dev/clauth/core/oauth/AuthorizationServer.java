package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import java.net.URI;
import java.util.Optional;

/**
 * The endpoints of one authorization server, found from its RFC 8414 metadata at
 * {@code <base>/.well-known/oauth-authorization-server}. Its issuer must be the configured base.
 * {@code sendsIssuer}: its metadata says every authorization response carries {@code iss} (RFC 9207).
 */
public record AuthorizationServer(String issuer, URI authorizationEndpoint, URI tokenEndpoint, Optional<URI> revocationEndpoint,
        Optional<URI> deviceAuthorizationEndpoint, boolean sendsIssuer) {

    public AuthorizationServer(String issuer, URI authorizationEndpoint, URI tokenEndpoint, Optional<URI> revocationEndpoint) {
        this(issuer, authorizationEndpoint, tokenEndpoint, revocationEndpoint, Optional.empty(), false);
    }

    /** How the {@code iss} of an authorization response from this server is checked. */
    public IssuerCheck issuerCheck() {
        return new IssuerCheck(issuer, sendsIssuer);
    }

    public static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

    public static AuthorizationServer discover(URI base) {
        URI metadataUri = URI.create(base + METADATA_PATH);
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, metadataUri);
        request.setAccept("application/json");
        request.setConnectTimeout(10_000);
        request.setReadTimeout(10_000);
        HTTPResponse response;
        try {
            response = BoundedHttp.send(request);
        } catch (BoundedHttp.TransportFailure e) {
            throw new ClauthException("Cannot reach the authorization server at " + base + ": " + e.getMessage()
                    + "; is it running? (set CLAUDE_CODE_CUSTOM_OAUTH_URL to use another)");
        }
        if (response.getStatusCode() != 200) {
            throw new ClauthException("The authorization server at " + base + " has no OAuth metadata (HTTP "
                    + response.getStatusCode() + " from " + METADATA_PATH + "); check CLAUDE_CODE_CUSTOM_OAUTH_URL");
        }
        AuthorizationServerMetadata metadata;
        try {
            metadata = AuthorizationServerMetadata.parse(response.getBody());
        } catch (ParseException e) {
            throw new ClauthException("The authorization server at " + base
                    + " answered with unreadable OAuth metadata; check CLAUDE_CODE_CUSTOM_OAUTH_URL");
        }
        String issuer = ServerLocations.stripTrailingSlash(metadata.getIssuer().getValue());
        if (!issuer.equals(base.toString())) {
            throw new ClauthException("The authorization server at " + base + " calls itself " + issuer
                    + "; set CLAUDE_CODE_CUSTOM_OAUTH_URL to its issuer");
        }
        if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null) {
            throw new ClauthException("The OAuth metadata of " + base
                    + " lacks an authorization or token endpoint; check the server");
        }
        return new AuthorizationServer(issuer, metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
                Optional.ofNullable(metadata.getRevocationEndpointURI()),
                Optional.ofNullable(metadata.getDeviceAuthorizationEndpointURI()),
                metadata.supportsAuthorizationResponseIssuerParam());
    }

    /** A page of this server, such as {@code /oauth/code/callback}. */
    public URI page(String path) {
        return URI.create(issuer + path);
    }
}
