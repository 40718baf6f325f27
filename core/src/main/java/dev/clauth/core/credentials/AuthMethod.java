package dev.clauth.core.credentials;

/** How requests are authenticated, as {@code auth status} names it. */
public enum AuthMethod {
    NONE("none"),
    CLAUDE_AI("claude.ai"),
    API_KEY("api_key"),
    API_KEY_HELPER("api_key_helper"),
    OAUTH_TOKEN("oauth_token"),
    THIRD_PARTY("third_party");

    private final String statusName;

    AuthMethod(String statusName) {
        this.statusName = statusName;
    }

    public String statusName() {
        return statusName;
    }
}
