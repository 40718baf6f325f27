package dev.clauth.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.clauth.server.team.InvitationStore;
import dev.clauth.server.team.TeamService;
import dev.clauth.server.throttle.Throttled;

/**
 * {@code /invite?token=…}: the page an invitation link opens, open to anyone holding the link.
 * A new invitee chooses a password; someone who already has an account gives theirs. A link that
 * is unknown, used, expired or withdrawn gets one and the same answer.
 */
@Controller
public class InvitationController {

    public static final String PATH = "/invite";
    private static final String INVALID = "This invitation link is not valid: it was already used, has expired, "
            + "or was withdrawn. Ask an admin for a new one.";

    private final TeamService team;

    public InvitationController(TeamService team) {
        this.team = team;
    }

    @GetMapping(PATH)
    String show(@RequestParam(name = "token", defaultValue = "") String token, HttpServletResponse response,
            Model model) {
        InvitationStore.Invitation invitation = team.pendingInvitation(token).orElse(null);
        if (invitation == null) {
            return invalid(response, model, INVALID);
        }
        model.addAttribute("invitation", invitation);
        model.addAttribute("token", token);
        model.addAttribute("existing", team.accountExists(invitation));
        model.addAttribute("minLength", TeamService.MIN_PASSWORD_LENGTH);
        return "console/invite";
    }

    @PostMapping(PATH)
    String accept(@RequestParam(name = "token", defaultValue = "") String token,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "confirm", required = false) String confirm, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        InvitationStore.Invitation invitation = team.pendingInvitation(token).orElse(null);
        if (invitation == null) {
            return invalid(response, model, INVALID);
        }
        boolean existing = team.accountExists(invitation);
        try {
            if (!existing && !password.equals(confirm)) {
                throw new IllegalArgumentException("The two passwords are not the same.");
            }
            TeamService.Accepted accepted = team.accept(token, password, request.getRemoteAddr());
            model.addAttribute("invitation", accepted.invitation());
            return "console/joined";
        } catch (IllegalArgumentException | Throttled e) {
            if (e instanceof Throttled throttled) {
                response.setStatus(Throttled.STATUS);
                response.setHeader("Retry-After", throttled.retryAfter());
            } else {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            }
            model.addAttribute("invitation", invitation);
            model.addAttribute("token", token);
            model.addAttribute("existing", existing);
            model.addAttribute("minLength", TeamService.MIN_PASSWORD_LENGTH);
            model.addAttribute("problem", e.getMessage());
            return "console/invite";
        }
    }

    private static String invalid(HttpServletResponse response, Model model, String message) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("message", message);
        return "console/invite-invalid";
    }
}
