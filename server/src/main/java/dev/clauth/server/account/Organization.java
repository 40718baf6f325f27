package dev.clauth.server.account;

import java.util.Set;

/** An organisation an account belongs to; its type decides the subscription the client shows. */
public record Organization(String uuid, String name, String organizationType, String billingType,
        String rateLimitTier) {

    public static final Set<String> TYPES = Set.of("claude_pro", "claude_max", "claude_team", "claude_enterprise",
            "console");
}
