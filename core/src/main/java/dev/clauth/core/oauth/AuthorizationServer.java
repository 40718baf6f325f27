package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints of one authorization server, found from its RFC 8414 metadata at
 * {@code <base>/.well-known/oauth-authorization-server}. Its issuer must be the configured base.
 * {@code sendsIssuer}: its metadata says every authorization response carries {@code iss} (RFC 9207).
 */
public record AuthorizationServer(String issuer, URI authorizationEndpoint, URI tokenEndpoint, Optional<URI> revocationEndpoint,
        Optional<URI> deviceAuthorizationEndpoint, boolean sendsIssuer, List<String> scopesSupported,
        Optional<URI> userinfoEndpoint) {

    public AuthorizationServer {
        scopesSupported = List.copyOf(scopesSupported);
    }

    public AuthorizationServer(String issuer, URI authorizationEndpoint, URI tokenEndpoint, Optional<URI> revocationEndpoint) {
        this(issuer, authorizationEndpoint, tokenEndpoint, revocationEndpoint, Optional.empty(), false, List.of(),
                Optional.empty());
    }

    /** The scope of Claude-style servers (clauth's, the reference's) that lets a token call the API. */
    public static final String INFERENCE = "user:inference";

    /**
     * A Claude-style server (clauth's, the reference's): it knows {@code user:inference} (or lists no scopes at
     * all), and has the account endpoints and the page that shows a code to paste. Any other RFC 8414 server
     * (Keycloak, oidc-provider, …) is a standard one: asked for the OpenID scopes it lists, its profile taken
     * from the ID token or userinfo.
     */
    public boolean claudeStyle() {
        return scopesSupported.isEmpty() || scopesSupported.contains(INFERENCE);
    }

    /**
     * What to ask this server for, given what a login of clauth's wants: those scopes on a Claude-style server;
     * {@code openid email profile} (those it lists) on a standard one; and {@code offline_access} wherever it is
     * advertised, so that the login has a refresh token.
     */
    public List<String> scopesFor(List<String> wanted) {
        List<String> scopes = new java.util.ArrayList<>(claudeStyle() ? wanted
                : java.util.stream.Stream.of("openid", "email", "profile").filter(scopesSupported::contains).toList());
        if (scopesSupported.contains("offline_access") && !scopes.contains("offline_access")) {
            scopes.add("offline_access");
        }
        return scopes;
    }

    /** How the {@code iss} of an authorization response from this server is checked. */
    public IssuerCheck issuerCheck() {
        return new IssuerCheck(issuer, sendsIssuer);
    }

    public static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

    /** Where an OpenID provider that has no RFC 8414 document keeps the same metadata (RFC 8414 §5). */
    public static final String OPENID_METADATA_PATH = "/.well-known/openid-configuration";

    public static AuthorizationServer discover(URI base) {
        HTTPResponse response = fetch(base, METADATA_PATH);
        if (response.getStatusCode() == 404) {
            HTTPResponse openid = fetch(base, OPENID_METADATA_PATH);
            if (openid.getStatusCode() == 200) {
                response = openid;
            }
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
        Object userinfo = metadata.getCustomParameter("userinfo_endpoint");
        return new AuthorizationServer(issuer, metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
                Optional.ofNullable(metadata.getRevocationEndpointURI()),
                Optional.ofNullable(metadata.getDeviceAuthorizationEndpointURI()),
                metadata.supportsAuthorizationResponseIssuerParam(),
                metadata.getScopes() == null ? List.of() : metadata.getScopes().toStringList(),
                userinfo instanceof String u ? sameServer(issuer, u) : Optional.empty());
    }

    /** An endpoint of this server's own origin; another origin's is not sent this login's token. */
    private static Optional<URI> sameServer(String issuer, String endpoint) {
        try {
            URI uri = new URI(endpoint);
            URI own = new URI(issuer);
            return uri.isAbsolute() && own.getScheme().equalsIgnoreCase(uri.getScheme())
                    && own.getHost().equalsIgnoreCase(uri.getHost()) && own.getPort() == uri.getPort()
                    ? Optional.of(uri) : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static HTTPResponse fetch(URI base, String path) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, URI.create(base + path));
        request.setAccept("application/json");
        request.setConnectTimeout(10_000);
        request.setReadTimeout(10_000);
        try {
            return BoundedHttp.send(request);
        } catch (BoundedHttp.TransportFailure e) {
            throw new ClauthException("Cannot reach the authorization server at " + base + ": " + e.getMessage()
                    + "; is it running? (set CLAUDE_CODE_CUSTOM_OAUTH_URL to use another)");
        }
    }

    /** A page of this server, such as {@code /oauth/code/callback}. */
    public URI page(String path) {
        return URI.create(issuer + path);
    }
}
