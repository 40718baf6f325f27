package dev.clauth.server.audit;

import java.time.Clock;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.clauth.server.account.Membership;

/**
 * What happened, who did it, to what: sign-ins, consents, token issues, refusals, key creations
 * and revocations, member changes. Entries never contain a secret; admins read them per organisation.
 */
@Repository
public class AuditLog {

    private static final int MAX_TEXT = 400;

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records one event; kept even when the surrounding work is rolled back. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(Entry entry) {
        jdbc.sql("INSERT INTO audit_event (organization_uuid, actor_uuid, actor, action, target, detail, remote_address,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(entry.organizationUuid(), entry.actorUuid(), cut(entry.actor()), entry.action(),
                        cut(entry.target()), cut(entry.detail()), cut(entry.remoteAddress()), clock.millis())
                .update();
    }

    /** The organisation's most recent events, newest first. */
    public List<Event> recent(String organizationUuid, int limit) {
        return jdbc.sql("SELECT id, organization_uuid, actor_uuid, actor, action, target, detail, remote_address,"
                + " created_at FROM audit_event WHERE organization_uuid = ? ORDER BY id DESC LIMIT ?")
                .params(organizationUuid, limit)
                .query((rs, n) -> new Event(rs.getLong("id"), rs.getString("organization_uuid"),
                        rs.getString("actor_uuid"), rs.getString("actor"), rs.getString("action"),
                        rs.getString("target"), rs.getString("detail"), rs.getString("remote_address"),
                        rs.getLong("created_at")))
                .list();
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    /** An event to record. {@code organizationUuid} decides which admins see it; may be null. */
    public record Entry(String organizationUuid, String actorUuid, String actor, String action, String target,
            String detail, String remoteAddress) {

        public static Entry of(String organizationUuid, String actorUuid, String actor, String action) {
            return new Entry(organizationUuid, actorUuid, actor, action, null, null, null);
        }

        /** An event done by a member, in their current organisation. */
        public static Entry by(Membership actor, String action) {
            return of(actor.organization().uuid(), actor.account().uuid(), actor.account().email(), action);
        }

        public Entry target(String value) {
            return new Entry(organizationUuid, actorUuid, actor, action, value, detail, remoteAddress);
        }

        public Entry detail(String value) {
            return new Entry(organizationUuid, actorUuid, actor, action, target, value, remoteAddress);
        }

        public Entry from(String value) {
            return new Entry(organizationUuid, actorUuid, actor, action, target, detail, value);
        }
    }

    /** A recorded event. */
    public record Event(long id, String organizationUuid, String actorUuid, String actor, String action,
            String target, String detail, String remoteAddress, long createdAt) {
    }
}
