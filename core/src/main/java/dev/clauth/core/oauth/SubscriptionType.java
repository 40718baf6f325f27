package dev.clauth.core.oauth;

import java.util.Map;
import java.util.Optional;

/** {@code organization_type} {@code claude_max|claude_pro|claude_team|claude_enterprise} → {@code max|pro|team|enterprise}. */
public final class SubscriptionType {

    private static final Map<String, String> BY_ORGANIZATION_TYPE = Map.of(
            "claude_max", "max", "claude_pro", "pro", "claude_team", "team", "claude_enterprise", "enterprise");

    private SubscriptionType() {
    }

    public static Optional<String> of(Optional<String> organizationType) {
        return organizationType.map(BY_ORGANIZATION_TYPE::get);
    }
}
