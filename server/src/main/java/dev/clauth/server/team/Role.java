package dev.clauth.server.team;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.clauth.server.apikey.ApiKeyKind;

/**
 * A member's role in an organisation and what it allows. Owners and admins run the
 * organisation; developers may create any kind of API key; {@code claude_code} members only
 * Claude Code keys; members use the models through their login only.
 */
public enum Role {
    OWNER("owner", "Owner"),
    ADMIN("admin", "Admin"),
    DEVELOPER("developer", "Developer"),
    CLAUDE_CODE("claude_code", "Claude Code"),
    MEMBER("member", "Member");

    private final String value;
    private final String label;

    Role(String value, String label) {
        this.value = value;
        this.label = label;
    }

    /** The name stored and sent on the wire ({@code organization_role}). */
    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    public static Optional<Role> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.value.equals(wanted)).findFirst();
    }

    public static Role of(String stored) {
        return parse(stored).orElse(MEMBER);
    }

    /** Invite, change roles, remove members, see every key and the audit log. */
    public boolean managesMembers() {
        return this == OWNER || this == ADMIN;
    }

    public boolean mayCreateKey(ApiKeyKind kind) {
        return switch (this) {
            case OWNER, ADMIN, DEVELOPER -> true;
            case CLAUDE_CODE -> kind == ApiKeyKind.CLAUDE_CODE;
            case MEMBER -> false;
        };
    }

    public boolean mayCreateAnyKey() {
        return mayCreateKey(ApiKeyKind.CLAUDE_CODE);
    }

    /** Whether a member with this role may give {@code role} to someone (by invitation or change). */
    public boolean mayAssign(Role role) {
        return this == OWNER || (this == ADMIN && role != OWNER);
    }

    /** Whether a member with this role may change or remove a member who has {@code target}. */
    public boolean mayManage(Role target) {
        return this == OWNER || (this == ADMIN && target != OWNER);
    }

    /** The roles this role may hand out, most powerful first. */
    public List<Role> assignable() {
        return Arrays.stream(values()).filter(this::mayAssign).toList();
    }
}
