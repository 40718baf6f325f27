package dev.clauth.server.oauth;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Public clients have nothing to authenticate with but their {@code client_id}. Spring's
 * authorization server accepts that only with a PKCE code exchange; this converter and provider
 * accept it also for every other grant at the token endpoint (so the refresh-token grant works
 * and an unsupported grant gets {@code unsupported_grant_type}, not a bare 401), for
 * revocation and for the device authorization endpoint (RFC 8628). The code grant keeps Spring's PKCE-bound check. The grants' own checks still
 * apply: a refresh token is honoured only for the client it was issued to, and a grant type the
 * client is not registered for is refused.
 */
public final class ClientIdOnlyAuthentication {

    private ClientIdOnlyAuthentication() {
    }

    /** Marks a client authentication that carries a bare {@code client_id}. */
    static final class ClientIdToken extends OAuth2ClientAuthenticationToken {

        ClientIdToken(String clientId) {
            super(clientId, ClientAuthenticationMethod.NONE, null, Map.of());
        }
    }

    /**
     * Reads {@code client_id} from token requests other than the code grant, and from every
     * request to the other endpoints given (revocation, device authorization).
     */
    public static final class Converter implements AuthenticationConverter {

        private final String tokenEndpoint;
        private final Set<String> otherEndpoints;

        public Converter(String tokenEndpoint, String... otherEndpoints) {
            this.tokenEndpoint = tokenEndpoint;
            this.otherEndpoints = Set.of(otherEndpoints);
        }

        @Override
        public Authentication convert(HttpServletRequest request) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            boolean otherGrant = path.equals(tokenEndpoint) && !AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
                    .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
            if (!otherGrant && !otherEndpoints.contains(path)) {
                return null;
            }
            String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
            if (clientIds == null || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                    || request.getHeader("Authorization") != null) {
                return null; // a confidential client's request: its own converters handle it
            }
            if (clientIds.length != 1 || clientIds[0].isBlank()) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
            }
            return new ClientIdToken(clientIds[0]);
        }
    }

    /** Authenticates a bare {@code client_id} of a registered public client. */
    public static final class Provider implements AuthenticationProvider {

        private final RegisteredClientRepository clients;

        public Provider(RegisteredClientRepository clients) {
            this.clients = clients;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            ClientIdToken token = (ClientIdToken) authentication;
            RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
            if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
                        "Client authentication failed: client_id", null));
            }
            return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return ClientIdToken.class.isAssignableFrom(authentication);
        }
    }
}
