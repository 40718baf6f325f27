package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What one login asks for: client, scopes, PKCE, state and the optional hints. It builds the
 * authorization URL for a given redirect URI; the token exchange must then name that same URI.
 */
public record LoginRequest(
        AuthorizationServer server,
        ClientID clientId,
        List<String> scopes,
        Pkce pkce,
        State state,
        Optional<String> loginHint,
        boolean sso) {

    /** The scopes of a normal (subscription) login. */
    public static final List<String> CLAUDE_AI_SCOPES = List.of(
            "org:create_api_key", "user:profile", "user:inference", "user:sessions:claude_code",
            "user:mcp_servers", "user:file_upload");
    /** A Console login makes an API key instead of using the token for inference. */
    public static final List<String> CONSOLE_SCOPES = List.of("org:create_api_key", "user:profile");
    /** What {@code setup-token} asks for: inference only. */
    public static final List<String> INFERENCE_ONLY_SCOPES = List.of("user:inference");
    public static final String MANUAL_CALLBACK_PATH = "/oauth/code/callback";

    public static LoginRequest create(AuthorizationServer server, String clientId, List<String> scopes,
            Optional<String> loginHint, boolean sso) {
        return new LoginRequest(server, new ClientID(clientId), List.copyOf(scopes), Pkce.generate(),
                LoginState.generate(), loginHint, sso);
    }

    /**
     * The loopback redirect URI the browser comes back to: the literal address the callback server listens
     * on (RFC 8252 §8.3), never {@code localhost}, which a browser may try as {@code [::1]} first, where
     * another local program could be listening.
     */
    public static URI loopbackRedirect(int port) {
        return URI.create("http://127.0.0.1:" + port + "/callback");
    }

    /** The server page that shows {@code code#state} for pasting. */
    public URI manualRedirect() {
        return server.page(MANUAL_CALLBACK_PATH);
    }

    public URI authorizationUrl(URI redirectUri) {
        AuthorizationRequest.Builder builder = new AuthorizationRequest.Builder(ResponseType.CODE, clientId)
                .endpointURI(server.authorizationEndpoint())
                .redirectionURI(redirectUri)
                .scope(new Scope(scopes.toArray(String[]::new)))
                .codeChallenge(pkce.verifier(), Pkce.METHOD)
                .state(state);
        loginHint.ifPresent(hint -> builder.customParameter("login_hint", hint));
        if (sso) {
            builder.customParameter("login_method", "sso");
        }
        return builder.build().toURI();
    }
}
