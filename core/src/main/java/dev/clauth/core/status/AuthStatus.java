package dev.clauth.core.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.credentials.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code clauth auth status} reports. {@link #toJson()} has the reference's keys; {@link #toText()}
 * its lines. Nothing here holds more of a secret than its last four characters.
 */
public record AuthStatus(
        boolean loggedIn,
        String authMethod,
        String apiProvider,
        Optional<String> apiKeySource,
        Optional<String> tokenSource,
        Optional<String> email,
        Optional<String> orgId,
        Optional<String> orgName,
        Optional<String> subscriptionType,
        String apiBaseUrl,
        List<String> explanation,
        Optional<String> credentialHint,
        List<Resolution.NotUsed> notUsed) {

    public static final String NOT_LOGGED_IN = "Not logged in. Run clauth auth login to authenticate.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public AuthStatus {
        explanation = List.copyOf(explanation);
        notUsed = List.copyOf(notUsed);
    }

    /** The active method in a few words, for the interactive prompt's status line: {@code claude.ai · ada@example.test}. */
    public String shortLine() {
        if (!loggedIn) {
            return "not logged in";
        }
        if ("third_party".equals(authMethod)) {
            return providerName() + ("gateway".equals(apiProvider) ? email.map(e -> " · " + e).orElse("") : "");
        }
        String source = apiKeySource.or(() -> tokenSource).orElse(authMethod);
        if ("claude.ai".equals(authMethod)) {
            return "claude.ai" + email.map(e -> " · " + e).orElse("");
        }
        return source + credentialHint.map(h -> " " + h).orElse("");
    }

    public String toJson() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("loggedIn", loggedIn);
        json.put("authMethod", authMethod);
        json.put("apiProvider", apiProvider);
        apiKeySource.ifPresent(v -> json.put("apiKeySource", v));
        if (!"claude.ai".equals(authMethod)) {
            tokenSource.ifPresent(v -> json.put("authTokenSource", v));
        }
        // The account keys, as the reference writes them, only with a login (an account is known): a token or
        // key from the environment stands for no account, and the text form shows no Email line for it either.
        if (loggedIn && ("claude.ai".equals(authMethod) || email.isPresent() || orgId.isPresent())) {
            json.put("email", email.orElse(null));
            json.put("orgId", orgId.orElse(null));
            json.put("orgName", orgName.orElse(null));
            json.put("subscriptionType", subscriptionType.orElse(null));
        }
        if (!notUsed.isEmpty()) {
            var array = json.putArray("notUsed");
            notUsed.forEach(n -> array.addObject().put("source", n.source()).put("reason", n.reason()));
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toText() {
        if (!loggedIn) {
            List<String> lines = new ArrayList<>(List.of(NOT_LOGGED_IN));
            explanation.stream().filter(line -> !line.contains(": none in ") && !line.endsWith(": not set")
                    && !line.endsWith(": not configured") && !line.contains(": no CLAUDE_CODE_USE_")
                    && !line.contains("left out by --bare")).forEach(lines::add);
            return String.join("\n", lines);
        }
        List<String> lines = new ArrayList<>();
        if ("claude.ai".equals(authMethod)) {
            lines.add("Login method: " + subscriptionType.map(AuthStatus::plan).orElse("Claude") + " account");
        }
        tokenSource.filter(s -> !"third_party".equals(authMethod))
                .ifPresent(s -> lines.add("Auth token: " + s + credentialHint.map(h -> " (" + h + ")").orElse("")));
        apiKeySource.ifPresent(s -> lines.add("API key: " + s + credentialHint.map(h -> " (" + h + ")").orElse("")));
        orgName.ifPresent(s -> lines.add("Organization: " + s));
        email.ifPresent(s -> lines.add("Email: " + s));
        lines.add("API provider: " + providerName());
        if ("firstParty".equals(apiProvider)) {
            lines.add("Anthropic base URL: " + apiBaseUrl);
        } else if ("gateway".equals(apiProvider)) {
            lines.add("Gateway: " + apiBaseUrl);
        }
        notUsed.forEach(n -> lines.add("Not used: " + n.source() + " — " + n.reason()));
        return String.join("\n", lines);
    }

    private static String plan(String subscriptionType) {
        return "Claude " + Character.toUpperCase(subscriptionType.charAt(0)) + subscriptionType.substring(1);
    }

    private String providerName() {
        return switch (apiProvider) {
            case "firstParty" -> "Anthropic";
            case "bedrock" -> "AWS Bedrock";
            case "vertex" -> "Google Vertex AI";
            case "foundry" -> "Microsoft Foundry";
            case "gateway" -> "Cloud gateway";
            default -> apiProvider;
        };
    }
}
