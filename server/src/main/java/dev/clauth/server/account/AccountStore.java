package dev.clauth.server.account;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Accounts, organisations and memberships, in the tables of V1. */
@Repository
public class AccountStore {

    /** Selects memberships with their account and organisation, as {@link #membership} reads them. */
    public static final String MEMBERSHIP_SELECT = """
            SELECT a.uuid, a.email, a.display_name, a.full_name,
                   o.uuid AS org_uuid, o.name, o.organization_type, o.billing_type, o.rate_limit_tier, m.role
              FROM membership m
              JOIN account a ON a.uuid = m.account_uuid
              JOIN organization o ON o.uuid = m.organization_uuid
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    public AccountStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Passwords are hashed with bcrypt, which reads at most 72 bytes (UTF-8) and refuses more;
     * longer passwords are refused with this one line rather than cut short silently.
     */
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final String PASSWORD_TOO_LONG = "Passwords can be at most " + MAX_PASSWORD_BYTES
            + " bytes (a character outside ASCII takes 2 to 4).";

    public static boolean passwordTooLong(String password) {
        return password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    }

    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single() == 0;
    }

    /** Email and password hash of the account with that email, for sign-in. */
    public Optional<Credentials> findCredentials(String email) {
        return jdbc.sql("SELECT uuid, password_hash FROM account WHERE email = ?")
                .param(normalizeEmail(email))
                .query((rs, n) -> new Credentials(rs.getString("uuid"), rs.getString("password_hash")))
                .optional();
    }

    /**
     * The organisation the account's logins and console act for: the one chosen last in the
     * console ({@code account.current_organization_uuid}), else the one it joined first.
     */
    public Optional<Membership> findPrimaryMembership(String accountUuid) {
        return jdbc.sql(MEMBERSHIP_SELECT + " WHERE a.uuid = ? ORDER BY CASE WHEN o.uuid = a.current_organization_uuid"
                + " THEN 0 ELSE 1 END, m.created_at, o.uuid")
                .param(accountUuid)
                .query(AccountStore::membership)
                .list().stream().findFirst();
    }

    /** One row of {@link #MEMBERSHIP_SELECT}. */
    public static Membership membership(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Membership(
                new Account(rs.getString("uuid"), rs.getString("email"), rs.getString("display_name"),
                        rs.getString("full_name")),
                new Organization(rs.getString("org_uuid"), rs.getString("name"), rs.getString("organization_type"),
                        rs.getString("billing_type"), rs.getString("rate_limit_tier")),
                rs.getString("role"));
    }

    /** Creates an organisation and its owner in one transaction. */
    @Transactional
    public Membership createOrganizationWithOwner(String email, String passwordHash, String orgName,
            String orgType) {
        long now = clock.millis();
        String normalized = normalizeEmail(email);
        String displayName = normalized.substring(0, Math.max(1, normalized.indexOf('@')));
        Account account = new Account(UUID.randomUUID().toString(), normalized, displayName, displayName);
        Organization organization = new Organization(UUID.randomUUID().toString(), orgName, orgType,
                billingTypeOf(orgType), "default_" + orgType);
        jdbc.sql("INSERT INTO organization (uuid, name, organization_type, billing_type, rate_limit_tier, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(organization.uuid(), organization.name(), organization.organizationType(),
                        organization.billingType(), organization.rateLimitTier(), now)
                .update();
        jdbc.sql("INSERT INTO account (uuid, email, display_name, full_name, password_hash, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(account.uuid(), account.email(), account.displayName(), account.fullName(), passwordHash, now)
                .update();
        jdbc.sql("INSERT INTO membership (account_uuid, organization_uuid, role, created_at) VALUES (?, ?, ?, ?)")
                .params(account.uuid(), organization.uuid(), Membership.OWNER, now)
                .update();
        return new Membership(account, organization, Membership.OWNER);
    }

    private static String billingTypeOf(String orgType) {
        return "console".equals(orgType) ? "prepaid" : "subscription";
    }

    /** What sign-in needs: who, and the stored hash to check the password against. */
    public record Credentials(String accountUuid, String passwordHash) {
    }
}
