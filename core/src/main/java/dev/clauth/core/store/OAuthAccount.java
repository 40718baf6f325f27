package dev.clauth.core.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code oauthAccount} entry of {@code .claude.json}: who is signed in, for which organisation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthAccount(
        String accountUuid,
        String emailAddress,
        String organizationUuid,
        String organizationName,
        String displayName,
        String billingType,
        String organizationRole,
        String workspaceRole) {
}
