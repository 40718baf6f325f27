package dev.clauth.server.inference;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Messages API call as the endpoint received it: which endpoint, who is calling, the query
 * string (kept for the upstream), the request headers a backend may pass on (names lower-case;
 * never the caller's {@code Authorization} or {@code x-api-key}), the body exactly as received,
 * and the {@code model} field read from it (the only field the path needs to look at).
 */
public record ModelCall(Endpoint endpoint, Caller caller, String rawQuery, Map<String, List<String>> headers,
        byte[] body, String model) {

    public enum Endpoint { MESSAGES, COUNT_TOKENS }

    /**
     * Who is calling, as far as routing, allowlists, metering and caps need to know: the account,
     * its organisation, its role there, the groups it belongs to (roles and IdP groups), and the
     * credential used (an API key's or a session's id, never its secret).
     */
    public record Caller(String accountUuid, String organizationUuid, String role, Set<String> groups,
            String credentialId) {
    }

    public ModelCall {
        headers = Map.copyOf(headers);
    }

    /** The first value of a request header (lower-case name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
