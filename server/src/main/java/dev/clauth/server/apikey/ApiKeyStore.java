package dev.clauth.server.apikey;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.clauth.server.oauth.RandomSecret;
import dev.clauth.server.oauth.TokenHash;
import dev.clauth.server.team.Role;

/**
 * API keys: {@code clauth_sk_} and 32 random bytes (256 bits), base64url. The key is handed out
 * once, when created; the table keeps its SHA-256 hash, its prefix and last four characters.
 * Every check reads the table, so a revocation holds on the next request on every instance.
 */
@Repository
public class ApiKeyStore {

    public static final String PREFIX = "clauth_sk_";
    /** Prefix plus 43 base64url characters. */
    public static final int KEY_LENGTH = PREFIX.length() + 43;
    private static final long LAST_USE_RESOLUTION_MS = 60_000;

    private static final String SELECT = """
            SELECT k.id, k.organization_uuid, k.created_by, a.email, k.name, k.kind, k.key_prefix, k.last_four,
                   k.created_at, k.last_used_at, k.revoked_at
              FROM api_key k JOIN account a ON a.uuid = k.created_by
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    public ApiKeyStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates a key; the answer holds the raw key, which is not kept anywhere. */
    public Created create(String organizationUuid, String createdBy, String name, ApiKeyKind kind) {
        String raw = RandomSecret.withPrefix(PREFIX);
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        String lastFour = raw.substring(raw.length() - 4);
        jdbc.sql("INSERT INTO api_key (id, organization_uuid, created_by, name, kind, key_hash, key_prefix, last_four,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, organizationUuid, createdBy, name, kind.value(), TokenHash.of(raw), PREFIX, lastFour, now)
                .update();
        return new Created(raw, find(id).orElseThrow());
    }

    public Optional<ApiKey> find(String id) {
        return jdbc.sql(SELECT + " WHERE k.id = ?").param(id).query(ApiKeyStore::row).optional();
    }

    /** The organisation's keys, or only those one account created (when {@code createdBy} is given). */
    public List<ApiKey> list(String organizationUuid, String createdBy) {
        if (createdBy == null) {
            return jdbc.sql(SELECT + " WHERE k.organization_uuid = ? ORDER BY k.created_at DESC, k.id")
                    .param(organizationUuid).query(ApiKeyStore::row).list();
        }
        return jdbc.sql(SELECT + " WHERE k.organization_uuid = ? AND k.created_by = ? ORDER BY k.created_at DESC, k.id")
                .params(organizationUuid, createdBy).query(ApiKeyStore::row).list();
    }

    /** Revokes one key; false when it was already revoked. */
    public boolean revoke(String id, String revokedBy) {
        return jdbc.sql("UPDATE api_key SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
                .params(clock.millis(), revokedBy, id).update() == 1;
    }

    /** Revokes every key an account created in an organisation; answers how many. */
    public int revokeAllOf(String organizationUuid, String createdBy, String revokedBy) {
        return jdbc.sql("UPDATE api_key SET revoked_at = ?, revoked_by = ? WHERE organization_uuid = ? AND created_by = ?"
                + " AND revoked_at IS NULL")
                .params(clock.millis(), revokedBy, organizationUuid, createdBy).update();
    }

    /** The keys an account created in an organisation that are not revoked. */
    public List<ApiKey> active(String organizationUuid, String createdBy) {
        return jdbc.sql(SELECT + " WHERE k.organization_uuid = ? AND k.created_by = ? AND k.revoked_at IS NULL"
                + " ORDER BY k.created_at, k.id").params(organizationUuid, createdBy).query(ApiKeyStore::row).list();
    }

    /**
     * The key a presented value is, whatever its state: the caller decides what a revoked key or a
     * key whose creator left means. Looks up by hash whatever the value's shape, so that a
     * malformed value costs the same as a wrong one.
     */
    public Optional<Presented> lookup(String presented) {
        String hash = TokenHash.of(presented == null ? "" : presented);
        return jdbc.sql("""
                SELECT k.id, k.organization_uuid, k.created_by, k.kind, k.key_hash, k.revoked_at, k.last_used_at,
                       m.role
                  FROM api_key k
                  LEFT JOIN membership m ON m.account_uuid = k.created_by AND m.organization_uuid = k.organization_uuid
                 WHERE k.key_hash = ?""")
                .param(hash)
                .query((rs, n) -> TokenHash.matches(hash, rs.getString("key_hash"))
                        ? new Presented(rs.getString("id"), rs.getString("organization_uuid"), rs.getString("created_by"),
                                ApiKeyKind.parse(rs.getString("kind")).orElseThrow(), rs.getObject("revoked_at", Long.class),
                                rs.getString("role"), rs.getObject("last_used_at", Long.class))
                        : null)
                .optional();
    }

    /** Notes that a key was used, at most once a minute per key. */
    public void touch(Presented key) {
        long now = clock.millis();
        if (key.lastUsedAt() != null && now - key.lastUsedAt() < LAST_USE_RESOLUTION_MS) {
            return;
        }
        jdbc.sql("UPDATE api_key SET last_used_at = ? WHERE id = ?").params(now, key.id()).update();
    }

    private static ApiKey row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("organization_uuid"), rs.getString("created_by"),
                rs.getString("email"), rs.getString("name"), ApiKeyKind.parse(rs.getString("kind")).orElseThrow(),
                rs.getString("key_prefix"), rs.getString("last_four"), rs.getLong("created_at"),
                rs.getObject("last_used_at", Long.class), rs.getObject("revoked_at", Long.class));
    }

    /** A new key: the raw value, to show once, and the key as listed. */
    public record Created(String rawKey, ApiKey key) {
    }

    /**
     * A presented key as found: usable when not revoked, its creator is still a member of its
     * organisation ({@code creatorRole} non-null) and their role still allows its kind (a role
     * change revokes the keys the new role may not hold; this holds even before that is done).
     */
    public record Presented(String id, String organizationUuid, String createdBy, ApiKeyKind kind, Long revokedAt,
            String creatorRole, Long lastUsedAt) {

        public boolean usable() {
            return revokedAt == null && creatorRole != null && Role.of(creatorRole).mayCreateKey(kind);
        }
    }
}
