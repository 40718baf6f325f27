package dev.clauth.core.credentials;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of walking the chain: the provider that won (if any) and, for every source looked at,
 * a line saying why it was used or passed over.
 */
public record Resolution(Optional<CredentialProvider> chosen, List<String> explanation) {

    public static final String NOT_LOGGED_IN = "Not logged in · Please run clauth auth login";

    public Resolution {
        explanation = List.copyOf(explanation);
    }

    /** The chosen provider, or a {@link NotLoggedInException} saying why there is none. */
    public CredentialProvider require() {
        return chosen.orElseThrow(() -> new NotLoggedInException(reasonForNone()));
    }

    String reasonForNone() {
        return explanation.stream().filter(line -> line.contains("run clauth auth login")).findFirst()
                .orElse(NOT_LOGGED_IN);
    }
}
