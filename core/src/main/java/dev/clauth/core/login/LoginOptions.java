package dev.clauth.core.login;

import dev.clauth.core.oauth.LoginRequest;
import java.util.List;
import java.util.Optional;

/**
 * What {@code clauth auth login} was asked for. {@code console} makes an API key instead of storing a
 * subscription login; {@code port} 0 lets the OS pick the callback port.
 */
public record LoginOptions(boolean console, Optional<String> email, boolean sso, int port) {

    public static LoginOptions defaults() {
        return new LoginOptions(false, Optional.empty(), false, 0);
    }

    public List<String> scopes() {
        return console ? LoginRequest.CONSOLE_SCOPES : LoginRequest.CLAUDE_AI_SCOPES;
    }
}
