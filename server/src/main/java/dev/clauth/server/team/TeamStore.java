package dev.clauth.server.team;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;

/** Memberships and the organisation an account acts for; plain table access, no rules. */
@Repository
public class TeamStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public TeamStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every organisation the account belongs to, in the order it joined them. */
    public List<Membership> memberships(String accountUuid) {
        return jdbc.sql(AccountStore.MEMBERSHIP_SELECT + " WHERE a.uuid = ? ORDER BY m.created_at, o.uuid")
                .param(accountUuid).query(AccountStore::membership).list();
    }

    public Optional<Membership> membership(String accountUuid, String organizationUuid) {
        return jdbc.sql(AccountStore.MEMBERSHIP_SELECT + " WHERE a.uuid = ? AND o.uuid = ?")
                .params(accountUuid, organizationUuid).query(AccountStore::membership).optional();
    }

    public void setCurrentOrganization(String accountUuid, String organizationUuid) {
        jdbc.sql("UPDATE account SET current_organization_uuid = ? WHERE uuid = ?")
                .params(organizationUuid, accountUuid).update();
    }

    public List<Member> members(String organizationUuid) {
        return jdbc.sql("""
                SELECT a.uuid, a.email, a.display_name, m.role, m.created_at
                  FROM membership m JOIN account a ON a.uuid = m.account_uuid
                 WHERE m.organization_uuid = ? ORDER BY m.created_at, a.email""")
                .param(organizationUuid)
                .query((rs, n) -> new Member(rs.getString("uuid"), rs.getString("email"), rs.getString("display_name"),
                        Role.of(rs.getString("role")), rs.getLong("created_at")))
                .list();
    }

    public long owners(String organizationUuid) {
        return jdbc.sql("SELECT COUNT(*) FROM membership WHERE organization_uuid = ? AND role = ?")
                .params(organizationUuid, Role.OWNER.value()).query(Long.class).single();
    }

    /**
     * The member's role, read with the membership row locked until the transaction ends: a role
     * change waits for whatever is being done under the old role, and the other way round.
     */
    public Optional<Role> lockedRole(String accountUuid, String organizationUuid) {
        return jdbc.sql("SELECT role FROM membership WHERE account_uuid = ? AND organization_uuid = ? FOR UPDATE")
                .params(accountUuid, organizationUuid).query(String.class).optional().map(Role::of);
    }

    public void setRole(String accountUuid, String organizationUuid, Role role) {
        jdbc.sql("UPDATE membership SET role = ? WHERE account_uuid = ? AND organization_uuid = ?")
                .params(role.value(), accountUuid, organizationUuid).update();
    }

    public boolean addMember(String accountUuid, String organizationUuid, Role role) {
        if (membership(accountUuid, organizationUuid).isPresent()) {
            return false;
        }
        jdbc.sql("INSERT INTO membership (account_uuid, organization_uuid, role, created_at) VALUES (?, ?, ?, ?)")
                .params(accountUuid, organizationUuid, role.value(), clock.millis()).update();
        return true;
    }

    public boolean removeMember(String accountUuid, String organizationUuid) {
        jdbc.sql("UPDATE account SET current_organization_uuid = NULL WHERE uuid = ? AND current_organization_uuid = ?")
                .params(accountUuid, organizationUuid).update();
        return jdbc.sql("DELETE FROM membership WHERE account_uuid = ? AND organization_uuid = ?")
                .params(accountUuid, organizationUuid).update() == 1;
    }

    public Optional<String> accountUuidByEmail(String normalizedEmail) {
        return jdbc.sql("SELECT uuid FROM account WHERE email = ?").param(normalizedEmail).query(String.class).optional();
    }

    public Optional<String> passwordHash(String accountUuid) {
        return jdbc.sql("SELECT password_hash FROM account WHERE uuid = ?").param(accountUuid).query(String.class)
                .optional();
    }

    public void setPasswordHash(String accountUuid, String passwordHash) {
        jdbc.sql("UPDATE account SET password_hash = ? WHERE uuid = ?").params(passwordHash, accountUuid).update();
    }

    /** Creates an account without an organisation; the caller adds its first membership. */
    public String createAccount(String normalizedEmail, String passwordHash) {
        String uuid = java.util.UUID.randomUUID().toString();
        String displayName = normalizedEmail.substring(0, Math.max(1, normalizedEmail.indexOf('@')));
        jdbc.sql("INSERT INTO account (uuid, email, display_name, full_name, password_hash, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(uuid, normalizedEmail, displayName, displayName, passwordHash, clock.millis()).update();
        return uuid;
    }
}
