package dev.clauth.core.gateway;

import dev.clauth.core.ClauthException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A gateway's base URL as the reference normalises it: trimmed, {@code https://} added when no scheme is
 * given, trailing slashes dropped; {@code http://} only for a loopback host (development). {@link #host}
 * is the key of its certificate pin in {@code gatewayTrust}: the host name without brackets or port.
 */
public record GatewayAddress(URI base) {

    /** What {@code gatewayTrust} holds for a plain-HTTP loopback gateway instead of a fingerprint. */
    public static final String HTTP_LOOPBACK = "http-loopback";

    public static GatewayAddress parse(String given) {
        String text = given == null ? "" : given.strip();
        if (!text.regionMatches(true, 0, "http://", 0, 7) && !text.regionMatches(true, 0, "https://", 0, 8)) {
            text = "https://" + text;
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid();
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || text.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw invalid();
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ClauthException("Gateway URL must use https:// (got http://); plain HTTP is only allowed for"
                    + " localhost during development");
        }
        try {
            uri = new URI(scheme, null, uri.getHost().toLowerCase(java.util.Locale.ROOT), uri.getPort(),
                    uri.getPath() == null || uri.getPath().isEmpty() ? null : uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw invalid();
        }
        return new GatewayAddress(uri);
    }

    private static ClauthException invalid() {
        return new ClauthException("That is not a gateway URL; give it as https://gateway.example.com");
    }

    public boolean https() {
        return "https".equals(base.getScheme());
    }

    /** The key of this gateway's pin: the host name, no brackets, no port (as the reference keys it). */
    public String host() {
        return base.getHost().replaceAll("^\\[|]$", "");
    }

    public int port() {
        return base.getPort() > 0 ? base.getPort() : https() ? 443 : 80;
    }

    /** A path under the base ({@code /oauth/token}). */
    public URI resolve(String path) {
        return URI.create(base + path);
    }

    /** {@code endpoint} when it is an absolute URL on this gateway's origin (scheme, host and port); else empty. */
    public Optional<URI> sameOrigin(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(endpoint.strip());
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            boolean same = uri.getScheme().equalsIgnoreCase(base.getScheme()) && uri.getHost().equalsIgnoreCase(base.getHost())
                    && port == port();
            return same ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    static boolean isLoopback(String host) {
        String h = host.replaceAll("^\\[|]$", "");
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost is never taken as loopback without resolving it
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
