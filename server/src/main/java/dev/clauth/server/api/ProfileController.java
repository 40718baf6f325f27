package dev.clauth.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;
import dev.clauth.server.oauth.Scopes;

/** {@code GET /api/oauth/profile}: the signed-in account and its organisation. */
@RestController
public class ProfileController {

    private final AccountStore accounts;

    public ProfileController(AccountStore accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/oauth/profile")
    Map<String, Object> profile(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller) {
        caller.requireScope(Scopes.PROFILE);
        Membership membership = accounts.findPrimaryMembership(caller.accountUuid())
                .orElseThrow(() -> ApiException.authentication("The account of this token no longer exists."));
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("uuid", membership.account().uuid());
        account.put("email", membership.account().email());
        account.put("email_address", membership.account().email());
        account.put("display_name", membership.account().displayName());
        account.put("full_name", membership.account().fullName());
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("uuid", membership.organization().uuid());
        organization.put("name", membership.organization().name());
        organization.put("organization_type", membership.organization().organizationType());
        organization.put("billing_type", membership.organization().billingType());
        organization.put("rate_limit_tier", membership.organization().rateLimitTier());
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("account", account);
        profile.put("organization", organization);
        return profile;
    }
}
