package dev.clauth.server.apikey;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.clauth.server.account.Membership;
import dev.clauth.server.audit.AuditLog;
import dev.clauth.server.team.NotAllowedException;
import dev.clauth.server.team.Role;
import dev.clauth.server.team.TeamStore;

/**
 * Who may create, see and revoke which API keys. Owners, admins and developers create any kind;
 * {@code claude_code} members only Claude Code keys; members none. Owners and admins see and
 * revoke every key of the organisation, others their own.
 */
@Service
public class ApiKeyService {

    public static final int MAX_NAME_LENGTH = 100;

    private final ApiKeyStore keys;
    private final TeamStore team;
    private final AuditLog audit;

    public ApiKeyService(ApiKeyStore keys, TeamStore team, AuditLog audit) {
        this.keys = keys;
        this.team = team;
        this.audit = audit;
    }

    @Transactional
    public ApiKeyStore.Created create(Membership actor, String name, ApiKeyKind kind, String via, String from) {
        // the role as it is now, locked until the key is written, so a role change cannot miss it
        Role role = team.lockedRole(actor.account().uuid(), actor.organization().uuid())
                .orElseThrow(() -> new NotAllowedException("You are no longer a member of this organisation."));
        if (!role.mayCreateKey(kind)) {
            audit.record(entry(actor, "refused", from).target(kind.value() + " API key")
                    .detail("create API key (" + via + "): role " + role.value() + " does not allow it"));
            throw new NotAllowedException(role == Role.MEMBER
                    ? "Your role (member) does not allow creating API keys; ask an admin."
                    : "Your role (" + role.value() + ") allows only Claude Code API keys.");
        }
        String cleanName = name == null || name.isBlank() ? defaultName(kind) : name.strip();
        if (cleanName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A key's name has at most " + MAX_NAME_LENGTH + " characters.");
        }
        ApiKeyStore.Created created = keys.create(actor.organization().uuid(), actor.account().uuid(), cleanName, kind);
        audit.record(entry(actor, "api_key.created", from).target(created.key().name() + " (" + created.key().masked() + ")")
                .detail(kind.value() + " key, via " + via));
        return created;
    }

    /** The keys the actor may see: all of the organisation's for owners and admins, else their own. */
    public List<ApiKey> visible(Membership actor) {
        boolean all = Role.of(actor.role()).managesMembers();
        return keys.list(actor.organization().uuid(), all ? null : actor.account().uuid());
    }

    @Transactional
    public void revoke(Membership actor, String keyId, String from) {
        ApiKey key = keys.find(keyId).filter(k -> k.organizationUuid().equals(actor.organization().uuid()))
                .orElseThrow(() -> new IllegalArgumentException("No such API key."));
        boolean mine = key.createdBy().equals(actor.account().uuid());
        if (!mine && !Role.of(actor.role()).managesMembers()) {
            audit.record(entry(actor, "refused", from).target(key.name() + " (" + key.masked() + ")")
                    .detail("revoke another member's API key"));
            throw new NotAllowedException("Only owners and admins can revoke other members' keys.");
        }
        if (keys.revoke(key.id(), actor.account().uuid())) {
            audit.record(entry(actor, "api_key.revoked", from).target(key.name() + " (" + key.masked() + ")")
                    .detail("created by " + key.createdByEmail()));
        }
    }

    private static String defaultName(ApiKeyKind kind) {
        return kind == ApiKeyKind.CLAUDE_CODE ? "Claude Code" : "API key";
    }

    private static AuditLog.Entry entry(Membership actor, String action, String from) {
        return AuditLog.Entry.by(actor, action).from(from);
    }
}
