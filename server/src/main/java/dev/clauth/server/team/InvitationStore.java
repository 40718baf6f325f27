package dev.clauth.server.team;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.clauth.server.oauth.RandomSecret;
import dev.clauth.server.oauth.TokenHash;

/**
 * Invitations: a random token (256 bits) handed out once in the link, kept as its SHA-256 hash;
 * valid for {@link #LIFETIME}, usable once.
 */
@Repository
public class InvitationStore {

    public static final Duration LIFETIME = Duration.ofDays(7);
    static final String TOKEN_PREFIX = "clauth_inv_";

    private static final String SELECT = """
            SELECT i.id, i.organization_uuid, o.name AS org_name, i.email, i.role, i.invited_by, a.email AS inviter,
                   i.token_hash, i.created_at, i.expires_at, i.accepted_at, i.revoked_at
              FROM invitation i
              JOIN organization o ON o.uuid = i.organization_uuid
              JOIN account a ON a.uuid = i.invited_by
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    public InvitationStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates an invitation; the answer carries the raw token, which is not kept. */
    public Created create(String organizationUuid, String normalizedEmail, Role role, String invitedBy) {
        String token = RandomSecret.withPrefix(TOKEN_PREFIX);
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        jdbc.sql("INSERT INTO invitation (id, organization_uuid, email, role, token_hash, invited_by, created_at,"
                + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, organizationUuid, normalizedEmail, role.value(), TokenHash.of(token), invitedBy, now,
                        now + LIFETIME.toMillis())
                .update();
        return new Created(token, find(id).orElseThrow());
    }

    public Optional<Invitation> find(String id) {
        return jdbc.sql(SELECT + " WHERE i.id = ?").param(id).query(InvitationStore::row).optional();
    }

    /** The invitation a token belongs to, if any, whatever its state. */
    public Optional<Invitation> findByToken(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = TokenHash.of(token);
        return jdbc.sql(SELECT + " WHERE i.token_hash = ?").param(hash)
                .query((rs, n) -> TokenHash.matches(hash, rs.getString("token_hash")) ? row(rs, n) : null)
                .optional();
    }

    /** Invitations of the organisation not yet accepted, revoked or expired. */
    public List<Invitation> pending(String organizationUuid) {
        return jdbc.sql(SELECT + " WHERE i.organization_uuid = ? AND i.accepted_at IS NULL AND i.revoked_at IS NULL"
                + " AND i.expires_at > ? ORDER BY i.created_at DESC, i.email")
                .params(organizationUuid, clock.millis()).query(InvitationStore::row).list();
    }

    /** Marks the invitation used, if it still can be: exactly one caller ever gets true. */
    public boolean markAccepted(String id, String accountUuid) {
        long now = clock.millis();
        return jdbc.sql("UPDATE invitation SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at IS NULL"
                + " AND revoked_at IS NULL AND expires_at > ?")
                .params(now, accountUuid, id, now).update() == 1;
    }

    public boolean revoke(String id) {
        return jdbc.sql("UPDATE invitation SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL")
                .params(clock.millis(), id).update() == 1;
    }

    /** Whether the invitation can still be accepted now. */
    public boolean usable(Invitation invitation) {
        return invitation.acceptedAt() == null && invitation.revokedAt() == null
                && clock.millis() < invitation.expiresAt();
    }

    private static Invitation row(ResultSet rs, int n) throws SQLException {
        return new Invitation(rs.getString("id"), rs.getString("organization_uuid"), rs.getString("org_name"),
                rs.getString("email"), Role.of(rs.getString("role")), rs.getString("invited_by"),
                rs.getString("inviter"), rs.getLong("created_at"), rs.getLong("expires_at"),
                rs.getObject("accepted_at", Long.class), rs.getObject("revoked_at", Long.class));
    }

    /** An invitation as stored, without its token. */
    public record Invitation(String id, String organizationUuid, String organizationName, String email, Role role,
            String invitedBy, String inviterEmail, long createdAt, long expiresAt, Long acceptedAt, Long revokedAt) {
    }

    /** A new invitation and its token, which goes in the link and nowhere else. */
    public record Created(String token, Invitation invitation) {
    }
}
