package dev.clauth.core.config;

import dev.clauth.core.ClauthException;
import dev.clauth.core.world.World;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the servers are: the OAuth authorization server ({@code CLAUDE_CODE_CUSTOM_OAUTH_URL}), the API
 * ({@code ANTHROPIC_BASE_URL}) and the client id ({@code CLAUDE_CODE_OAUTH_CLIENT_ID}). With nothing set,
 * a local {@code clauth server} serves both.
 */
public record ServerLocations(URI oauthBase, URI apiBase, String clientId) {

    public static final String DEFAULT_BASE = "http://127.0.0.1:8765";
    public static final String DEFAULT_CLIENT_ID = "clauth-cli";

    public static ServerLocations from(World world) {
        return new ServerLocations(
                baseUrl(world, "CLAUDE_CODE_CUSTOM_OAUTH_URL"),
                baseUrl(world, "ANTHROPIC_BASE_URL"),
                world.env("CLAUDE_CODE_OAUTH_CLIENT_ID").map(String::trim).orElse(DEFAULT_CLIENT_ID));
    }

    private static URI baseUrl(World world, String variable) {
        String value = world.env(variable).map(String::trim).orElse(DEFAULT_BASE);
        try {
            URI uri = new URI(stripTrailingSlash(value));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(value, "not an http(s) base URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ClauthException(variable + " is not a valid http(s) URL; fix or unset it");
        }
    }

    /** Two spellings of one server ({@code http://h:1} and {@code http://h:1/}) compare equal. */
    public static String stripTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    public boolean isIssuer(String issuer) {
        return issuer != null && stripTrailingSlash(issuer).equals(oauthBase.toString());
    }
}
