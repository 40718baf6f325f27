package dev.clauth.core.credentials;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of walking the chain: the provider that won (if any); every credential that is present
 * but not used, with why ({@link NotUsed}); and, for every source looked at, a line saying what was found.
 */
public record Resolution(Optional<CredentialProvider> chosen, List<String> explanation, List<NotUsed> notUsed) {

    public static final String NOT_LOGGED_IN = "Not logged in · Please run clauth auth login";

    /** A credential that is there but not used: {@code source} names it, {@code reason} says why. */
    public record NotUsed(String source, String reason) {
    }

    public Resolution {
        explanation = List.copyOf(explanation);
        notUsed = List.copyOf(notUsed);
    }

    public Resolution(Optional<CredentialProvider> chosen, List<String> explanation) {
        this(chosen, explanation, List.of());
    }

    /** The chosen provider, or a {@link NotLoggedInException} saying why there is none. */
    public CredentialProvider require() {
        return chosen.orElseThrow(() -> new NotLoggedInException(reasonForNone()));
    }

    String reasonForNone() {
        return explanation.stream().filter(line -> line.contains("run clauth auth login")).findFirst()
                .orElse(NOT_LOGGED_IN);
    }

    /** One paragraph for a person: what is used, and what is not and why. */
    public String summary() {
        StringBuilder text = new StringBuilder(chosen.map(p -> "Using " + p.source() + ".").orElse(NOT_LOGGED_IN));
        notUsed.forEach(n -> text.append("\nNot used: ").append(n.source()).append(" — ").append(n.reason()));
        return text.toString();
    }
}
