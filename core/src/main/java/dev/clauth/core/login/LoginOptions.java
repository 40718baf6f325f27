package dev.clauth.core.login;

import dev.clauth.core.oauth.LoginRequest;
import java.util.List;
import java.util.Optional;

/**
 * What {@code clauth auth login} was asked for. {@code console} makes an API key instead of storing a
 * subscription login; {@code port} 0 lets the OS pick the callback port (unless
 * {@code CLAUTH_OAUTH_CALLBACK_PORT} or the setting {@code oauthCallbackPort} fixes one);
 * {@code noBrowser} only prints the URL; {@code device} signs in with a code typed on another device
 * (RFC 8628) instead of a browser on this one. {@code longLivedToken} is {@code clauth setup-token}: the
 * login asks for {@code user:inference} only and a one-year lifetime, and nothing is saved. {@code gateway}
 * signs in to a Claude Code gateway instead ({@code --gateway URL}).
 */
public record LoginOptions(boolean console, Optional<String> email, boolean sso, int port, boolean noBrowser,
        boolean device, boolean longLivedToken, Optional<String> gateway) {

    /** A year, the lifetime {@code setup-token} asks for. */
    public static final long LONG_LIVED_SECONDS = 31_536_000L;

    public LoginOptions(boolean console, Optional<String> email, boolean sso, int port) {
        this(console, email, sso, port, false, false, false, Optional.empty());
    }

    public LoginOptions(boolean console, Optional<String> email, boolean sso, int port, boolean noBrowser,
            boolean device) {
        this(console, email, sso, port, noBrowser, device, false, Optional.empty());
    }

    /** The same login, made for {@code setup-token}. */
    public LoginOptions asLongLivedToken() {
        return new LoginOptions(false, email, sso, port, noBrowser, device, true, gateway);
    }

    /** The {@code expires_in} to ask for in the code exchange, if any. */
    public Optional<Long> requestedLifetimeSeconds() {
        return longLivedToken ? Optional.of(LONG_LIVED_SECONDS) : Optional.empty();
    }

    public static LoginOptions defaults() {
        return new LoginOptions(false, Optional.empty(), false, 0);
    }

    public LoginOptions withNoBrowser(boolean value) {
        return new LoginOptions(console, email, sso, port, value, device, longLivedToken, gateway);
    }

    public LoginOptions withDevice(boolean value) {
        return new LoginOptions(console, email, sso, port, noBrowser, value, longLivedToken, gateway);
    }

    public LoginOptions withPort(int value) {
        return new LoginOptions(console, email, sso, value, noBrowser, device, longLivedToken, gateway);
    }

    public LoginOptions withEmail(String value) {
        return new LoginOptions(console, Optional.ofNullable(value), sso, port, noBrowser, device, longLivedToken, gateway);
    }

    /** {@code --gateway URL}: sign in to a Claude Code gateway (device flow) instead of the authorization server. */
    public LoginOptions withGateway(String url) {
        return new LoginOptions(console, email, sso, port, noBrowser, device, longLivedToken, Optional.ofNullable(url));
    }

    public List<String> scopes() {
        if (longLivedToken) {
            return LoginRequest.INFERENCE_ONLY_SCOPES;
        }
        return console ? LoginRequest.CONSOLE_SCOPES : LoginRequest.CLAUDE_AI_SCOPES;
    }
}
