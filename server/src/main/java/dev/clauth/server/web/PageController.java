package dev.clauth.server.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

import dev.clauth.server.oauth.AuthorizationServerConfig;
import dev.clauth.server.oauth.Scopes;

/** The server-rendered pages of a browser login. */
@Controller
public class PageController {

    private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

    @GetMapping(PageSecurityConfig.LOGIN_PAGE)
    String login(@RequestParam(name = "login_hint", required = false) String loginHint, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        String email = loginHint;
        SavedRequest saved = requestCache.getRequest(request, response);
        if (!StringUtils.hasText(email) && saved != null && saved.getParameterValues("login_hint") != null) {
            email = saved.getParameterValues("login_hint")[0];
        }
        model.addAttribute("email", email == null ? "" : email);
        model.addAttribute("failed", request.getParameter("error") != null);
        return "login";
    }

    @GetMapping(AuthorizationServerConfig.CONSENT_PAGE)
    String consent(@RequestParam(name = "client_id") String clientId, @RequestParam(name = "state") String state,
            @RequestParam(name = "scope", defaultValue = "") String scope,
            @RequestParam(name = "user_code", required = false) String userCode, Model model) {
        List<ScopeLine> scopes = new ArrayList<>();
        java.util.Arrays.stream(StringUtils.tokenizeToStringArray(scope, " "))
                .distinct()
                .sorted(Scopes.canonicalOrder())
                .forEach(name -> scopes.add(new ScopeLine(name, Scopes.describe(name))));
        model.addAttribute("clientId", clientId);
        model.addAttribute("state", state);
        model.addAttribute("scopes", scopes);
        // A device flow's consent (RFC 8628) carries its user code and goes back to the verification page.
        boolean device = StringUtils.hasText(userCode);
        model.addAttribute("userCode", device ? userCode : null);
        model.addAttribute("action", device ? AuthorizationServerConfig.DEVICE_VERIFICATION_PAGE
                : AuthorizationServerConfig.AUTHORIZATION_ENDPOINT);
        return "consent";
    }

    /**
     * The device flow's verification page (without {@code user_code}; with one, Spring's
     * verification endpoint takes the request): a form for the code, or how the last one ended.
     */
    @GetMapping(AuthorizationServerConfig.DEVICE_VERIFICATION_PAGE)
    String device(@RequestParam(name = "done", required = false) String done,
            @RequestParam(name = "error", required = false) String error, HttpServletResponse response, Model model) {
        model.addAttribute("done", "approved".equals(done) || "denied".equals(done) ? done : null);
        boolean throttled = "throttled".equals(error);
        model.addAttribute("invalid", error != null && !throttled);
        model.addAttribute("throttled", throttled);
        model.addAttribute("action", AuthorizationServerConfig.DEVICE_VERIFICATION_PAGE);
        if (error != null) {
            response.setStatus(throttled ? HttpStatus.TOO_MANY_REQUESTS.value() : HttpStatus.BAD_REQUEST.value());
        }
        return "device";
    }

    @GetMapping("/oauth/code/callback")
    String manualCallback(@RequestParam(name = "code", required = false) String code,
            @RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "error", required = false) String error, HttpServletResponse response, Model model) {
        if (StringUtils.hasText(error) || !StringUtils.hasText(code)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", "access_denied".equals(error) ? "You denied the request; nothing was shared."
                    : "This page needs the code of a sign-in; start the login again from your terminal.");
            return "callback";
        }
        model.addAttribute("code", code + "#" + (state == null ? "" : state));
        return "callback";
    }

    @GetMapping("/oauth/code/success")
    String success() {
        return "success";
    }

    @GetMapping("/oauth/error")
    String authorizationError(@RequestParam(name = "error", defaultValue = "invalid_request") String error,
            HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("error", error);
        return "oauth-error";
    }

    @GetMapping("/")
    String home() {
        return "home";
    }

    /** One requested permission and what it lets the client do. */
    public record ScopeLine(String name, String description) {
    }
}
