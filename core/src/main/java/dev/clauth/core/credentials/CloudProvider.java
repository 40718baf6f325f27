package dev.clauth.core.credentials;

/** The cloud providers, in the order their switches are checked. */
public enum CloudProvider {
    BEDROCK("CLAUDE_CODE_USE_BEDROCK", "bedrock", "Amazon Bedrock"),
    FOUNDRY("CLAUDE_CODE_USE_FOUNDRY", "foundry", "Microsoft Foundry"),
    VERTEX("CLAUDE_CODE_USE_VERTEX", "vertex", "Google Vertex AI");

    private final String variable;
    private final String apiProvider;
    private final String displayName;

    CloudProvider(String variable, String apiProvider, String displayName) {
        this.variable = variable;
        this.apiProvider = apiProvider;
        this.displayName = displayName;
    }

    public String variable() {
        return variable;
    }

    /** As {@code auth status} names it. */
    public String apiProvider() {
        return apiProvider;
    }

    public String displayName() {
        return displayName;
    }
}
