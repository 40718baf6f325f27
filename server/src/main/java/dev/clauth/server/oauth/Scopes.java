package dev.clauth.server.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

/** The scopes a clauth login can ask for, with what each lets the client do, as the consent page says it. */
public final class Scopes {

    public static final String CREATE_API_KEY = "org:create_api_key";
    public static final String PROFILE = "user:profile";
    public static final String INFERENCE = "user:inference";
    public static final String SESSIONS = "user:sessions:claude_code";
    public static final String MCP_SERVERS = "user:mcp_servers";
    public static final String FILE_UPLOAD = "user:file_upload";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(CREATE_API_KEY, "Create API keys for your organisation");
        DESCRIPTIONS.put(PROFILE, "Read your account profile: name, email and organisation");
        DESCRIPTIONS.put(INFERENCE, "Send messages to the models on your behalf");
        DESCRIPTIONS.put(SESSIONS, "Keep and resume your coding sessions");
        DESCRIPTIONS.put(MCP_SERVERS, "Use the MCP servers connected to your account");
        DESCRIPTIONS.put(FILE_UPLOAD, "Upload files for the models to read");
    }

    private Scopes() {
    }

    /** Every scope, in the order the reference asks for them. */
    public static Iterable<String> all() {
        return DESCRIPTIONS.keySet();
    }

    /** Sorts scope names into the order of {@link #all()}; unknown ones last, as given. */
    public static java.util.Comparator<String> canonicalOrder() {
        java.util.List<String> order = java.util.List.copyOf(DESCRIPTIONS.keySet());
        return java.util.Comparator.comparingInt(scope -> order.contains(scope) ? order.indexOf(scope) : order.size());
    }

    public static String describe(String scope) {
        return DESCRIPTIONS.getOrDefault(scope, "Unknown permission");
    }
}
