package dev.clauth.server.team;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;
import dev.clauth.server.apikey.ApiKey;
import dev.clauth.server.apikey.ApiKeyStore;
import dev.clauth.server.audit.AuditLog;
import dev.clauth.server.session.LoginSessions;
import dev.clauth.server.signin.LoginThrottle;
import dev.clauth.server.throttle.Throttled;

/**
 * What members of an organisation may do to its membership, checked here and only here:
 * inviting, accepting, changing roles, removing (which ends the member's logins and revokes
 * their keys at once), switching organisation and changing one's password. Every change is audited.
 */
@Service
public class TeamService {

    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_INVITATIONS_AT_ONCE = 100;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s,;<>]+@[^@\\s,;<>]+\\.[^@\\s,;<>]+$");

    private final TeamStore team;
    private final InvitationStore invitations;
    private final ApiKeyStore keys;
    private final LoginSessions sessions;
    private final AuditLog audit;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;

    public TeamService(TeamStore team, InvitationStore invitations, ApiKeyStore keys, LoginSessions sessions,
            AuditLog audit, PasswordEncoder passwords, LoginThrottle throttle) {
        this.team = team;
        this.invitations = invitations;
        this.keys = keys;
        this.sessions = sessions;
        this.audit = audit;
        this.passwords = passwords;
        this.throttle = throttle;
    }

    /** Splits what an admin typed (commas, semicolons, spaces, lines) into distinct normalised addresses. */
    public static List<String> emails(String text) {
        Set<String> emails = new LinkedHashSet<>();
        for (String part : (text == null ? "" : text).split("[,;\\s]+")) {
            if (!part.isBlank()) {
                emails.add(AccountStore.normalizeEmail(part));
            }
        }
        return List.copyOf(emails);
    }

    /** Invites every address with one role; addresses that are invalid or already members are reported, not invited. */
    @Transactional
    public List<InviteResult> invite(Membership actor, List<String> emails, Role role, String from) {
        Role actorRole = requireManager(actor);
        if (!actorRole.mayAssign(role)) {
            throw refused(actor, "invite", "role " + role.value(), from,
                    "Only an owner can invite someone as " + role.label() + ".");
        }
        if (emails.isEmpty()) {
            throw new IllegalArgumentException("Give at least one email address.");
        }
        if (emails.size() > MAX_INVITATIONS_AT_ONCE) {
            throw new IllegalArgumentException("At most " + MAX_INVITATIONS_AT_ONCE + " addresses at once.");
        }
        String org = actor.organization().uuid();
        List<InviteResult> results = new ArrayList<>();
        for (String email : emails) {
            if (!EMAIL.matcher(email).matches() || email.length() > 320) {
                results.add(new InviteResult(email, null, "not an email address"));
                continue;
            }
            Optional<String> existing = team.accountUuidByEmail(email);
            if (existing.isPresent() && team.membership(existing.get(), org).isPresent()) {
                results.add(new InviteResult(email, null, "already a member"));
                continue;
            }
            InvitationStore.Created created = invitations.create(org, email, role, actor.account().uuid());
            audit.record(entry(actor, "member.invited", from).target(email).detail("role " + role.value()));
            results.add(new InviteResult(email, created, null));
        }
        return results;
    }

    @Transactional
    public void revokeInvitation(Membership actor, String invitationId, String from) {
        requireManager(actor);
        InvitationStore.Invitation invitation = invitations.find(invitationId)
                .filter(i -> i.organizationUuid().equals(actor.organization().uuid()))
                .orElseThrow(() -> new IllegalArgumentException("No such invitation."));
        if (invitations.revoke(invitation.id())) {
            audit.record(entry(actor, "invitation.revoked", from).target(invitation.email()));
        }
    }

    /** The invitation a link's token is for, while it can be accepted. */
    public Optional<InvitationStore.Invitation> pendingInvitation(String token) {
        return invitations.findByToken(token).filter(invitations::usable);
    }

    /** Whether an account with the invitation's address exists (then its password proves who accepts). */
    public boolean accountExists(InvitationStore.Invitation invitation) {
        return team.accountUuidByEmail(invitation.email()).isPresent();
    }

    /**
     * Accepts an invitation: a new account gets the password given; an existing account must give
     * its own, and that password check is braked like sign-in ({@link LoginThrottle}: refused
     * with {@link Throttled} while the account or the address must wait). The invitation is used
     * up by the first acceptance that succeeds.
     */
    @Transactional
    public Accepted accept(String token, String password, String from) {
        InvitationStore.Invitation invitation = pendingInvitation(token)
                .orElseThrow(() -> new InvitationException("This invitation link is not valid: it was already used, "
                        + "has expired, or was withdrawn. Ask an admin for a new one."));
        Optional<String> existing = team.accountUuidByEmail(invitation.email());
        String accountUuid;
        if (existing.isPresent()) {
            throttle.check(invitation.email(), from);
            String hash = team.passwordHash(existing.get()).orElse("");
            if (password == null || !passwords.matches(password, hash)) {
                throttle.failed(invitation.email(), from);
                throw new InvitationException("That is not the password of " + invitation.email() + ".");
            }
            throttle.succeeded(invitation.email());
            accountUuid = existing.get();
        } else {
            checkNewPassword(password);
            accountUuid = team.createAccount(invitation.email(), passwords.encode(password));
        }
        if (!invitations.markAccepted(invitation.id(), accountUuid)) {
            throw new InvitationException("This invitation link is not valid: it was already used, has expired, "
                    + "or was withdrawn. Ask an admin for a new one.");
        }
        team.addMember(accountUuid, invitation.organizationUuid(), invitation.role());
        team.setCurrentOrganization(accountUuid, invitation.organizationUuid());
        audit.record(new AuditLog.Entry(invitation.organizationUuid(), accountUuid, invitation.email(),
                "member.joined", invitation.email(), "role " + invitation.role().value(), from));
        return new Accepted(accountUuid, invitation);
    }

    /**
     * Changes a member's role. The API keys they created in this organisation that the new role
     * may not hold are revoked in the same transaction (to {@code claude_code}: their general
     * keys; to {@code member}: all of them), each audited; the answer says how many.
     */
    @Transactional
    public RoleChanged changeRole(Membership actor, String memberUuid, Role role, String from) {
        Role actorRole = requireManager(actor);
        String org = actor.organization().uuid();
        Membership target = team.membership(memberUuid, org)
                .orElseThrow(() -> new IllegalArgumentException("No such member."));
        if (memberUuid.equals(actor.account().uuid())) {
            throw refused(actor, "change role", target.account().email(), from, "You cannot change your own role.");
        }
        // locked: a key being created under the old role is either seen below or refused
        Role current = team.lockedRole(memberUuid, org).orElseThrow(() -> new IllegalArgumentException("No such member."));
        if (!actorRole.mayManage(current) || !actorRole.mayAssign(role)) {
            throw refused(actor, "change role", target.account().email(), from,
                    "Only an owner can make or change an owner.");
        }
        if (current == role) {
            return new RoleChanged(target.account().email(), current, role, 0);
        }
        team.setRole(memberUuid, org, role);
        int revoked = 0;
        for (ApiKey key : keys.active(org, memberUuid)) {
            if (!role.mayCreateKey(key.kind()) && keys.revoke(key.id(), actor.account().uuid())) {
                revoked++;
                audit.record(entry(actor, "api_key.revoked", from).target(key.name() + " (" + key.masked() + ")")
                        .detail("created by " + key.createdByEmail() + "; role changed to " + role.value()
                                + ", which may not hold " + key.kind().value() + " keys"));
            }
        }
        audit.record(entry(actor, "member.role_changed", from).target(target.account().email())
                .detail(current.value() + " -> " + role.value() + (revoked == 0 ? "" : ", " + revoked + " API keys revoked")));
        return new RoleChanged(target.account().email(), current, role, revoked);
    }

    /** Removes a member: their membership, their keys in this organisation and all their logins, at once. */
    @Transactional
    public Removed remove(Membership actor, String memberUuid, String from) {
        Role actorRole = requireManager(actor);
        String org = actor.organization().uuid();
        Membership target = team.membership(memberUuid, org)
                .orElseThrow(() -> new IllegalArgumentException("No such member."));
        if (memberUuid.equals(actor.account().uuid())) {
            throw refused(actor, "remove", target.account().email(), from, "You cannot remove yourself.");
        }
        if (!actorRole.mayManage(Role.of(target.role()))) {
            throw refused(actor, "remove", target.account().email(), from, "Only an owner can remove an owner.");
        }
        team.removeMember(memberUuid, org);
        int revokedKeys = keys.revokeAllOf(org, memberUuid, actor.account().uuid());
        int endedLogins = sessions.signOutEverywhere(memberUuid);
        audit.record(entry(actor, "member.removed", from).target(target.account().email())
                .detail(revokedKeys + " API keys revoked, " + endedLogins + " logins ended"));
        return new Removed(revokedKeys, endedLogins);
    }

    /** Makes an organisation the account belongs to the one its console and logins act for. */
    @Transactional
    public Membership switchOrganization(String accountUuid, String organizationUuid) {
        Membership membership = team.membership(accountUuid, organizationUuid)
                .orElseThrow(() -> new NotAllowedException("You are not a member of that organisation."));
        team.setCurrentOrganization(accountUuid, organizationUuid);
        return membership;
    }

    /** Checks the current password (braked like sign-in, {@link LoginThrottle}) and sets a new one. */
    @Transactional
    public void changePassword(Membership actor, String current, String replacement, String from) {
        String email = actor.account().email();
        throttle.check(email, from);
        String hash = team.passwordHash(actor.account().uuid()).orElse("");
        if (current == null || !passwords.matches(current, hash)) {
            throttle.failed(email, from);
            throw new IllegalArgumentException("The current password is not right.");
        }
        throttle.succeeded(email);
        checkNewPassword(replacement);
        team.setPasswordHash(actor.account().uuid(), passwords.encode(replacement));
        audit.record(entry(actor, "account.password_changed", from).target(actor.account().email()));
    }

    private static void checkNewPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("Choose a password of at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (AccountStore.passwordTooLong(password)) {
            throw new IllegalArgumentException(AccountStore.PASSWORD_TOO_LONG);
        }
    }

    private Role requireManager(Membership actor) {
        Role role = Role.of(actor.role());
        if (!role.managesMembers()) {
            throw refused(actor, "manage members", actor.organization().name(), null,
                    "Only owners and admins can manage members.");
        }
        return role;
    }

    private NotAllowedException refused(Membership actor, String what, String target, String from, String message) {
        audit.record(entry(actor, "refused", from).target(target).detail(what + ": " + message));
        return new NotAllowedException(message);
    }

    private static AuditLog.Entry entry(Membership actor, String action, String from) {
        return AuditLog.Entry.by(actor, action).from(from);
    }

    /** One address of a bulk invitation: its invitation (and token), or why it was not invited. */
    public record InviteResult(String email, InvitationStore.Created created, String problem) {
    }

    public record Accepted(String accountUuid, InvitationStore.Invitation invitation) {
    }

    public record Removed(int revokedKeys, int endedLogins) {
    }

    /** A role change: whose, from and to what, and how many of their keys the new role could not hold. */
    public record RoleChanged(String email, Role from, Role to, int revokedKeys) {
    }

    /** An invitation that cannot be accepted as asked; the message says why, for the invitee. */
    public static final class InvitationException extends IllegalArgumentException {
        public InvitationException(String message) {
            super(message);
        }
    }
}
