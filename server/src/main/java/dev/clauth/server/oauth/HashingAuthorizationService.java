package dev.clauth.server.oauth;

import java.security.Principal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logins ({@link OAuth2Authorization}s) in the {@code oauth_authorization} table, where codes,
 * tokens and the consent state are only ever stored as SHA-256 hashes and found by hash.
 * <p>
 * A loaded login knows the raw value of the one secret it was found by; every other secret in it
 * stands as {@code sha256:<hash>}, which {@link #save} writes back unchanged. Spring's endpoints
 * only ever compare, invalidate or replace those other secrets, never hand them out.
 * <p>
 * Refresh tokens replaced by rotation are remembered in {@code oauth_retired_refresh_token}, so
 * that {@link AtomicTokenGrant} can tell a reuse from an unknown token ({@link RefreshGrace}).
 * Device codes and user codes (RFC 8628) are hashed like the others; a device authorization
 * waiting for approval keeps its requested scopes.
 * <p>
 * {@link #lock} serialises the grants of one login: a token request locks the login's row
 * ({@code SELECT … FOR UPDATE}, by id, which rotation never changes) before it reads it.
 */
@Transactional
public class HashingAuthorizationService implements OAuth2AuthorizationService {

    static final String KEPT_HASH = "sha256:";
    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);
    static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);
    static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);
    private static final String COLUMNS = """
            registered_client_id, principal_name, grant_type, authorized_scopes, authorities, request_json,
            state_hash, code_hash, code_issued_at, code_expires_at, code_invalidated, access_token_hash,
            access_token_issued_at, access_token_expires_at, access_token_scopes, access_token_invalidated,
            refresh_token_hash, refresh_token_issued_at, refresh_token_expires_at, refresh_token_invalidated,
            device_code_hash, device_code_issued_at, device_code_expires_at, device_code_invalidated,
            user_code_hash, user_code_issued_at, user_code_expires_at, user_code_invalidated, requested_scopes,
            updated_at, id""";

    /** A login's row, locked for the rest of the transaction; {@code current} when the secret is still its live one. */
    public record Locked(String id, boolean current) {
    }

    private final JdbcClient jdbc;
    private final RegisteredClientRepository clients;
    private final JsonMapper json;
    private final Clock clock;

    public HashingAuthorizationService(JdbcClient jdbc, RegisteredClientRepository clients, JsonMapper json,
            Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        Stored row = Stored.of(authorization, requestJson(authorization), clock.millis());
        List<String> previousRefresh = jdbc.sql("SELECT refresh_token_hash FROM oauth_authorization WHERE id = ?")
                .param(row.id()).query((rs, n) -> String.valueOf(rs.getString(1))).list();
        if (previousRefresh.isEmpty()) {
            String placeholders = String.join(", ", java.util.Collections.nCopies(row.values().length, "?"));
            jdbc.sql("INSERT INTO oauth_authorization (" + COLUMNS + ") VALUES (" + placeholders + ")")
                    .params(row.values()).update();
            return;
        }
        String oldRefresh = previousRefresh.get(0).trim();
        if (!"null".equals(oldRefresh) && !oldRefresh.equals(row.refreshHash())) {
            jdbc.sql("INSERT INTO oauth_retired_refresh_token (token_hash, authorization_id, retired_at) VALUES (?, ?, ?)")
                    .params(oldRefresh, row.id(), clock.millis()).update();
        }
        String assignments = Arrays.stream(COLUMNS.split(","))
                .map(String::trim)
                .filter(column -> !column.equals("id"))
                .map(column -> column + " = ?")
                .collect(java.util.stream.Collectors.joining(", "));
        jdbc.sql("UPDATE oauth_authorization SET " + assignments + " WHERE id = ?").params(row.values()).update();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        jdbc.sql("DELETE FROM oauth_retired_refresh_token WHERE authorization_id = ?").param(authorization.getId())
                .update();
        jdbc.sql("DELETE FROM oauth_authorization WHERE id = ?").param(authorization.getId()).update();
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return jdbc.sql("SELECT * FROM oauth_authorization WHERE id = ?").param(id)
                .query((rs, n) -> toAuthorization(rs, null, null)).optional().orElse(null);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (!StringUtils.hasText(token)) {
            return null;
        }
        String hash = TokenHash.of(token);
        List<String> columns;
        if (tokenType == null) {
            columns = List.of("code_hash", "access_token_hash", "refresh_token_hash", "device_code_hash",
                    "user_code_hash");
        } else if (OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
            columns = List.of("access_token_hash");
        } else if (OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
            columns = List.of("refresh_token_hash");
        } else if (OpaqueTokenGenerator.CODE.equals(tokenType)) {
            columns = List.of("code_hash");
        } else if (STATE.equals(tokenType)) {
            columns = List.of("state_hash");
        } else if (DEVICE_CODE.equals(tokenType)) {
            columns = List.of("device_code_hash");
        } else if (USER_CODE.equals(tokenType)) {
            columns = List.of("user_code_hash");
        } else {
            return null;
        }
        for (String column : columns) {
            OAuth2Authorization found = jdbc.sql("SELECT * FROM oauth_authorization WHERE " + column + " = ?")
                    .param(hash)
                    .query((rs, n) -> TokenHash.matches(hash, rs.getString(column))
                            ? toAuthorization(rs, column, token) : null)
                    .optional().orElse(null);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * Finds the login a code, device code or refresh token belongs to (a rotated-out refresh token
     * too) and locks its row until the transaction ends; null when the secret is unknown. Must run
     * inside the caller's transaction.
     */
    public Locked lock(String token, OAuth2TokenType tokenType) {
        if (!StringUtils.hasText(token)) {
            return null;
        }
        String column = OAuth2TokenType.REFRESH_TOKEN.equals(tokenType) ? "refresh_token_hash"
                : DEVICE_CODE.equals(tokenType) ? "device_code_hash"
                : OpaqueTokenGenerator.CODE.equals(tokenType) ? "code_hash" : null;
        if (column == null) {
            throw new IllegalArgumentException("not a grant's secret: " + tokenType);
        }
        String hash = TokenHash.of(token);
        String id = jdbc.sql("SELECT id FROM oauth_authorization WHERE " + column + " = ?").param(hash)
                .query(String.class).optional().orElse(null);
        if (id == null && column.equals("refresh_token_hash")) {
            id = jdbc.sql("SELECT authorization_id FROM oauth_retired_refresh_token WHERE token_hash = ?").param(hash)
                    .query(String.class).optional().orElse(null);
        }
        if (id == null) {
            return null;
        }
        String found = id;
        return jdbc.sql("SELECT " + column + " FROM oauth_authorization WHERE id = ? FOR UPDATE").param(found)
                .query((rs, n) -> new Locked(found, TokenHash.matches(hash, rs.getString(1))))
                .optional().orElse(null);
    }

    private OAuth2Authorization toAuthorization(ResultSet rs, String matchedColumn, String rawValue)
            throws SQLException {
        String clientId = rs.getString("registered_client_id");
        RegisteredClient client = clients.findById(clientId);
        if (client == null) {
            throw new DataRetrievalFailureException("The registered client " + clientId + " no longer exists");
        }
        Function<String, String> value = column -> {
            try {
                String stored = rs.getString(column);
                if (stored == null) {
                    return null;
                }
                return column.equals(matchedColumn) ? rawValue : KEPT_HASH + stored.trim();
            } catch (SQLException e) {
                throw new DataRetrievalFailureException("cannot read " + column, e);
            }
        };
        String principalName = rs.getString("principal_name");
        Set<String> scopes = StringUtils.commaDelimitedListToSet(rs.getString("authorized_scopes"));
        List<GrantedAuthority> authorities = AuthorityUtils
                .commaSeparatedStringToAuthorityList(String.valueOf(rs.getString("authorities")));
        Authentication principal = UsernamePasswordAuthenticationToken.authenticated(principalName, null, authorities);

        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
                .id(rs.getString("id"))
                .principalName(principalName)
                .authorizationGrantType(new AuthorizationGrantType(rs.getString("grant_type")))
                .authorizedScopes(scopes)
                .attribute(Principal.class.getName(), principal);
        String request = rs.getString("request_json");
        if (request != null) {
            builder.attribute(OAuth2AuthorizationRequest.class.getName(), readRequest(request));
        }
        String state = value.apply("state_hash");
        if (state != null) {
            builder.attribute(OAuth2ParameterNames.STATE, state);
        }
        String code = value.apply("code_hash");
        if (code != null) {
            builder.token(new OAuth2AuthorizationCode(code, instant(rs, "code_issued_at"),
                    instant(rs, "code_expires_at")),
                    // as for refresh tokens below: past its 60 s on the server's clock, a code is refused too
                    invalidated(rs.getBoolean("code_invalidated") || expired(instant(rs, "code_expires_at"))));
        }
        String access = value.apply("access_token_hash");
        if (access != null) {
            builder.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, access,
                    instant(rs, "access_token_issued_at"), instant(rs, "access_token_expires_at"),
                    StringUtils.commaDelimitedListToSet(rs.getString("access_token_scopes"))),
                    invalidated(rs.getBoolean("access_token_invalidated")));
        }
        String deviceCode = value.apply("device_code_hash");
        if (deviceCode != null) {
            builder.token(new OAuth2DeviceCode(deviceCode, instant(rs, "device_code_issued_at"),
                    instant(rs, "device_code_expires_at")), invalidated(rs.getBoolean("device_code_invalidated")));
        }
        String userCode = value.apply("user_code_hash");
        if (userCode != null) {
            builder.token(new OAuth2UserCode(userCode, instant(rs, "user_code_issued_at"),
                    instant(rs, "user_code_expires_at")), invalidated(rs.getBoolean("user_code_invalidated")));
        }
        String requestedScopes = rs.getString("requested_scopes");
        if (requestedScopes != null) {
            builder.attribute(OAuth2ParameterNames.SCOPE,
                    new LinkedHashSet<>(StringUtils.commaDelimitedListToSet(requestedScopes)));
        }
        String refresh = value.apply("refresh_token_hash");
        if (refresh != null) {
            builder.token(new OAuth2RefreshToken(refresh, instant(rs, "refresh_token_issued_at"),
                    instant(rs, "refresh_token_expires_at")),
                    // Spring checks expiry on the system clock; a refresh token past its expiry on the
                    // server's clock (the one that set it) is refused as well.
                    invalidated(rs.getBoolean("refresh_token_invalidated")
                            || expired(instant(rs, "refresh_token_expires_at"))));
        }
        return builder.build();
    }

    private static java.util.function.Consumer<Map<String, Object>> invalidated(boolean invalidated) {
        return metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, invalidated);
    }

    private boolean expired(Instant expiresAt) {
        return expiresAt != null && !expiresAt.isAfter(clock.instant());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private String requestJson(OAuth2Authorization authorization) {
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (request == null) {
            return null;
        }
        Map<String, Object> additional = new LinkedHashMap<>();
        request.getAdditionalParameters().forEach((name, v) -> additional.put(name,
                v instanceof String[] values ? Arrays.asList(values) : String.valueOf(v)));
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("authorization_uri", request.getAuthorizationUri());
        stored.put("client_id", request.getClientId());
        stored.put("redirect_uri", request.getRedirectUri());
        stored.put("scopes", request.getScopes());
        stored.put("state", request.getState());
        stored.put("additional_parameters", additional);
        return json.writeValueAsString(stored);
    }

    private OAuth2AuthorizationRequest readRequest(String text) {
        Map<String, Object> stored = json.readValue(text, new TypeReference<Map<String, Object>>() {
        });
        Map<String, Object> additional = new LinkedHashMap<>();
        if (stored.get("additional_parameters") instanceof Map<?, ?> map) {
            map.forEach((name, v) -> additional.put(String.valueOf(name),
                    v instanceof Collection<?> values ? values.stream().map(String::valueOf).toArray(String[]::new)
                            : String.valueOf(v)));
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (stored.get("scopes") instanceof Collection<?> values) {
            values.forEach(s -> scopes.add(String.valueOf(s)));
        }
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri((String) stored.get("authorization_uri"))
                .clientId((String) stored.get("client_id"))
                .redirectUri((String) stored.get("redirect_uri"))
                .scopes(scopes)
                .state((String) stored.get("state"))
                .additionalParameters(additional)
                .build();
    }

    /** One row of {@code oauth_authorization}, ready to write: secrets already replaced by their hashes. */
    private record Stored(String id, String clientId, String principalName, String grantType, String scopes,
            String authorities, String requestJson, String stateHash, Token code, Token access, String accessScopes,
            Token refresh, Token deviceCode, Token userCode, String requestedScopes, long updatedAt) {

        static Stored of(OAuth2Authorization authorization, String requestJson, long now) {
            Authentication principal = authorization.getAttribute(Principal.class.getName());
            String authorities = principal == null ? ""
                    : String.join(",", AuthorityUtils.authorityListToSet(principal.getAuthorities()));
            String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
            OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
            Set<String> requested = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
            return new Stored(authorization.getId(), authorization.getRegisteredClientId(),
                    authorization.getPrincipalName(), authorization.getAuthorizationGrantType().getValue(),
                    String.join(",", authorization.getAuthorizedScopes()), authorities, requestJson,
                    state == null ? null : hashOf(state),
                    Token.of(authorization.getToken(OAuth2AuthorizationCode.class)), Token.of(access),
                    access == null ? null : String.join(",", access.getToken().getScopes()),
                    Token.of(authorization.getRefreshToken()), Token.of(authorization.getToken(OAuth2DeviceCode.class)),
                    Token.of(authorization.getToken(OAuth2UserCode.class)),
                    requested == null ? null : String.join(",", requested), now);
        }

        String refreshHash() {
            return refresh.hash();
        }

        Object[] values() {
            return new Object[] { clientId, principalName, grantType, scopes, authorities, requestJson, stateHash,
                    code.hash(), code.issuedAt(), code.expiresAt(), code.invalidated(), access.hash(),
                    access.issuedAt(), access.expiresAt(), accessScopes, access.invalidated(), refresh.hash(),
                    refresh.issuedAt(), refresh.expiresAt(), refresh.invalidated(), deviceCode.hash(),
                    deviceCode.issuedAt(), deviceCode.expiresAt(), deviceCode.invalidated(), userCode.hash(),
                    userCode.issuedAt(), userCode.expiresAt(), userCode.invalidated(), requestedScopes, updatedAt, id };
        }
    }

    private record Token(String hash, Long issuedAt, Long expiresAt, Boolean invalidated) {

        static Token of(OAuth2Authorization.Token<? extends OAuth2Token> token) {
            if (token == null) {
                return new Token(null, null, null, null);
            }
            OAuth2Token value = token.getToken();
            return new Token(hashOf(value.getTokenValue()), millis(value.getIssuedAt()), millis(value.getExpiresAt()),
                    token.isInvalidated());
        }

        private static Long millis(Instant instant) {
            return instant == null ? null : instant.toEpochMilli();
        }
    }

    private static String hashOf(String secret) {
        return secret.startsWith(KEPT_HASH) ? secret.substring(KEPT_HASH.length()) : TokenHash.of(secret);
    }
}
