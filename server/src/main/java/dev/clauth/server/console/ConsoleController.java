package dev.clauth.server.console;

import java.security.Principal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.clauth.server.Issuer;
import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;
import dev.clauth.server.apikey.ApiKeyKind;
import dev.clauth.server.apikey.ApiKeyService;
import dev.clauth.server.apikey.ApiKeyStore;
import dev.clauth.server.audit.AuditLog;
import dev.clauth.server.session.LoginSessions;
import dev.clauth.server.team.InvitationStore;
import dev.clauth.server.team.NotAllowedException;
import dev.clauth.server.team.Role;
import dev.clauth.server.team.TeamService;
import dev.clauth.server.team.TeamStore;
import dev.clauth.server.throttle.Throttled;

/**
 * The console under {@code /console}: the signed-in account's current organisation, its members
 * and invitations, API keys, the account's own logins, the audit log and the password. Pages
 * are for the signed-in account (the sign-in page is {@code /login}); every form carries the
 * CSRF token; the rules themselves live in {@link TeamService} and {@link ApiKeyService}.
 */
@Controller
public class ConsoleController {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final AccountStore accounts;
    private final TeamStore team;
    private final TeamService teamService;
    private final InvitationStore invitations;
    private final ApiKeyService keys;
    private final LoginSessions sessions;
    private final AuditLog audit;
    private final Issuer issuer;

    public ConsoleController(AccountStore accounts, TeamStore team, TeamService teamService,
            InvitationStore invitations, ApiKeyService keys, LoginSessions sessions, AuditLog audit, Issuer issuer) {
        this.accounts = accounts;
        this.team = team;
        this.teamService = teamService;
        this.invitations = invitations;
        this.keys = keys;
        this.sessions = sessions;
        this.audit = audit;
        this.issuer = issuer;
    }

    /** The signed-in account's membership in its current organisation; every console page shows it. */
    @ModelAttribute("me")
    Membership me(Principal principal) {
        if (principal == null) {
            return null;
        }
        return accounts.findPrimaryMembership(principal.getName())
                .orElseThrow(() -> new NotAllowedException("Your account is not a member of any organisation."));
    }

    @ModelAttribute
    void common(@ModelAttribute("me") Membership me, Model model) {
        if (me != null) {
            Role role = Role.of(me.role());
            model.addAttribute("role", role);
            model.addAttribute("admin", role.managesMembers());
            model.addAttribute("organizations", team.memberships(me.account().uuid()));
            model.addAttribute("time", new Times());
        }
    }

    @GetMapping({ "/console", "/console/" })
    String overview(Model model) {
        model.addAttribute("page", "overview");
        return "console/overview";
    }

    @PostMapping("/console/organization")
    String switchOrganization(@ModelAttribute("me") Membership me, @RequestParam("organization") String organization,
            RedirectAttributes flash) {
        Membership now = teamService.switchOrganization(me.account().uuid(), organization);
        return redirect("/console", "You are now working in " + now.organization().name() + ".", flash);
    }

    // ----- members and invitations (owners and admins) -----

    @GetMapping("/console/members")
    String members(@ModelAttribute("me") Membership me, Model model) {
        requireAdmin(me);
        model.addAttribute("page", "members");
        model.addAttribute("members", team.members(me.organization().uuid()));
        return "console/members";
    }

    @PostMapping("/console/members/{account}/role")
    String changeRole(@ModelAttribute("me") Membership me, @PathVariable("account") String account,
            @RequestParam("role") String role, HttpServletRequest request, RedirectAttributes flash) {
        Role wanted = Role.parse(role).orElseThrow(() -> new IllegalArgumentException("No such role."));
        TeamService.RoleChanged changed = teamService.changeRole(me, account, wanted, request.getRemoteAddr());
        return redirect("/console/members", roleNotice(changed), flash);
    }

    static String roleNotice(TeamService.RoleChanged changed) {
        if (changed.from() == changed.to()) {
            return changed.email() + " already is " + changed.to().label() + "; nothing changed.";
        }
        String notice = "Role of " + changed.email() + " changed from " + changed.from().label() + " to "
                + changed.to().label() + ".";
        if (changed.revokedKeys() > 0) {
            notice += " " + changed.revokedKeys() + (changed.revokedKeys() == 1 ? " API key" : " API keys")
                    + " they created " + (changed.revokedKeys() == 1 ? "was" : "were") + " revoked and stopped working at once: "
                    + (changed.to() == Role.MEMBER ? "members may hold no API keys." : changed.to().label()
                            + " members may hold only Claude Code keys.");
        }
        return notice;
    }

    @PostMapping("/console/members/{account}/remove")
    String remove(@ModelAttribute("me") Membership me, @PathVariable("account") String account,
            HttpServletRequest request, RedirectAttributes flash) {
        TeamService.Removed removed = teamService.remove(me, account, request.getRemoteAddr());
        return redirect("/console/members", "Member removed: " + removed.endedLogins() + " logins ended, "
                + removed.revokedKeys() + " API keys revoked.", flash);
    }

    @GetMapping("/console/invitations")
    String invitations(@ModelAttribute("me") Membership me, Model model) {
        requireAdmin(me);
        model.addAttribute("page", "invitations");
        model.addAttribute("pending", invitations.pending(me.organization().uuid()));
        model.addAttribute("assignable", Role.of(me.role()).assignable());
        return "console/invitations";
    }

    @PostMapping("/console/invitations")
    String invite(@ModelAttribute("me") Membership me, @RequestParam(name = "emails", defaultValue = "") String emails,
            @RequestParam(name = "role", defaultValue = "") String role, HttpServletRequest request, Model model) {
        Role wanted = Role.parse(role).orElseThrow(() -> new IllegalArgumentException("Choose a role."));
        List<TeamService.InviteResult> results = teamService.invite(me, TeamService.emails(emails), wanted,
                request.getRemoteAddr());
        String base = issuer.resolve("/invite");
        model.addAttribute("results", results.stream().map(r -> new InviteLine(r.email(),
                r.created() == null ? null : base + "?token=" + r.created().token(), r.problem())).toList());
        model.addAttribute("invitedRole", wanted);
        return invitations(me, model);
    }

    @PostMapping("/console/invitations/{id}/revoke")
    String revokeInvitation(@ModelAttribute("me") Membership me, @PathVariable("id") String id,
            HttpServletRequest request, RedirectAttributes flash) {
        teamService.revokeInvitation(me, id, request.getRemoteAddr());
        return redirect("/console/invitations", "Invitation withdrawn.", flash);
    }

    // ----- API keys -----

    @GetMapping("/console/keys")
    String keys(@ModelAttribute("me") Membership me, Model model) {
        model.addAttribute("page", "keys");
        model.addAttribute("keys", keys.visible(me));
        model.addAttribute("kinds", Arrays.stream(ApiKeyKind.values()).filter(Role.of(me.role())::mayCreateKey).toList());
        return "console/keys";
    }

    @PostMapping("/console/keys")
    String createKey(@ModelAttribute("me") Membership me, @RequestParam(name = "name", defaultValue = "") String name,
            @RequestParam(name = "kind", defaultValue = "") String kind, HttpServletRequest request, Model model) {
        ApiKeyKind wanted = ApiKeyKind.parse(kind).orElseThrow(() -> new IllegalArgumentException("Choose a kind of key."));
        ApiKeyStore.Created created = keys.create(me, name, wanted, "console", request.getRemoteAddr());
        model.addAttribute("created", created);
        return keys(me, model);
    }

    @PostMapping("/console/keys/{id}/revoke")
    String revokeKey(@ModelAttribute("me") Membership me, @PathVariable("id") String id, HttpServletRequest request,
            RedirectAttributes flash) {
        keys.revoke(me, id, request.getRemoteAddr());
        return redirect("/console/keys", "API key revoked; it stops working at once.", flash);
    }

    // ----- the account's own logins -----

    @GetMapping("/console/sessions")
    String sessions(@ModelAttribute("me") Membership me, Model model) {
        model.addAttribute("page", "sessions");
        model.addAttribute("sessions", sessions.active(me.account().uuid()));
        return "console/sessions";
    }

    @PostMapping("/console/sessions/{id}/revoke")
    String signOut(@ModelAttribute("me") Membership me, @PathVariable("id") String id, HttpServletRequest request,
            RedirectAttributes flash) {
        if (!sessions.signOut(me.account().uuid(), id)) {
            throw new IllegalArgumentException("No such login.");
        }
        audit.record(AuditLog.Entry.by(me, "session.signed_out").target(id).from(request.getRemoteAddr()));
        return redirect("/console/sessions", "Signed out: that login's tokens no longer work.", flash);
    }

    @PostMapping("/console/sessions/revoke-all")
    String signOutEverywhere(@ModelAttribute("me") Membership me, HttpServletRequest request,
            RedirectAttributes flash) {
        int ended = sessions.signOutEverywhere(me.account().uuid());
        audit.record(AuditLog.Entry.by(me, "session.signed_out").target("all").detail(ended + " logins")
                .from(request.getRemoteAddr()));
        return redirect("/console/sessions", "Signed out everywhere: " + ended + " logins ended.", flash);
    }

    // ----- audit log (owners and admins) -----

    @GetMapping("/console/audit")
    String auditLog(@ModelAttribute("me") Membership me, Model model) {
        requireAdmin(me);
        model.addAttribute("page", "audit");
        model.addAttribute("events", audit.recent(me.organization().uuid(), 200));
        return "console/audit";
    }

    // ----- password -----

    @GetMapping("/console/password")
    String password(Model model) {
        model.addAttribute("page", "password");
        model.addAttribute("minLength", TeamService.MIN_PASSWORD_LENGTH);
        return "console/password";
    }

    @PostMapping("/console/password")
    String changePassword(@ModelAttribute("me") Membership me, @RequestParam(name = "current", defaultValue = "") String current,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "confirm", defaultValue = "") String confirm, HttpServletRequest request,
            Model model, RedirectAttributes flash) {
        if (!password.equals(confirm)) {
            throw new IllegalArgumentException("The two new passwords are not the same.");
        }
        teamService.changePassword(me, current, password, request.getRemoteAddr());
        return redirect("/console/password", "Password changed.", flash);
    }

    // ----- refusals -----

    @ExceptionHandler(NotAllowedException.class)
    String notAllowed(NotAllowedException e, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("message", e.getMessage());
        return "console/refused";
    }

    @ExceptionHandler(Throttled.class)
    String throttled(Throttled e, HttpServletResponse response, Model model) {
        response.setStatus(Throttled.STATUS);
        response.setHeader("Retry-After", e.retryAfter());
        model.addAttribute("message", e.getMessage());
        return "console/refused";
    }

    @ExceptionHandler(IllegalArgumentException.class)
    String badRequest(IllegalArgumentException e, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("message", e.getMessage());
        return "console/refused";
    }

    /** After a change: back to {@code path}, which shows {@code notice} once. */
    private static String redirect(String path, String notice, RedirectAttributes flash) {
        flash.addFlashAttribute("notice", notice);
        return "redirect:" + path;
    }

    private void requireAdmin(Membership me) {
        if (!Role.of(me.role()).managesMembers()) {
            audit.record(AuditLog.Entry.by(me, "refused").detail("console page for owners and admins"));
            throw new NotAllowedException("Only owners and admins can see this page.");
        }
    }

    /** One address of a bulk invitation as the page shows it: its link (once), or why not. */
    public record InviteLine(String email, String link, String problem) {
    }

    /** Formats epoch milliseconds for the pages. */
    public static final class Times {
        public String of(Long millis) {
            return millis == null || millis == 0 ? "—" : TIME.format(Instant.ofEpochMilli(millis));
        }
    }
}
