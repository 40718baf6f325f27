package dev.clauth.core.login;

import dev.clauth.core.oauth.LoginRequest;
import java.util.List;
import java.util.Optional;

/**
 * What {@code clauth auth login} was asked for. {@code console} makes an API key instead of storing a
 * subscription login; {@code port} 0 lets the OS pick the callback port (unless
 * {@code CLAUTH_OAUTH_CALLBACK_PORT} or the setting {@code oauthCallbackPort} fixes one);
 * {@code noBrowser} only prints the URL; {@code device} signs in with a code typed on another device
 * (RFC 8628) instead of a browser on this one.
 */
public record LoginOptions(boolean console, Optional<String> email, boolean sso, int port, boolean noBrowser,
        boolean device) {

    public LoginOptions(boolean console, Optional<String> email, boolean sso, int port) {
        this(console, email, sso, port, false, false);
    }

    public static LoginOptions defaults() {
        return new LoginOptions(false, Optional.empty(), false, 0);
    }

    public LoginOptions withNoBrowser(boolean value) {
        return new LoginOptions(console, email, sso, port, value, device);
    }

    public LoginOptions withDevice(boolean value) {
        return new LoginOptions(console, email, sso, port, noBrowser, value);
    }

    public LoginOptions withPort(int value) {
        return new LoginOptions(console, email, sso, value, noBrowser, device);
    }

    public List<String> scopes() {
        return console ? LoginRequest.CONSOLE_SCOPES : LoginRequest.CLAUDE_AI_SCOPES;
    }
}
