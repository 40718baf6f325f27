package dev.clauth.core.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tries its sources in order; the first that is configured wins. */
public final class CredentialChain {

    private final List<CredentialSource> sources;

    public CredentialChain(List<CredentialSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public Resolution resolve() {
        List<String> explanation = new ArrayList<>();
        for (CredentialSource source : sources) {
            switch (source.detect()) {
                case CredentialSource.Detection.Found found -> {
                    explanation.add(source.name() + ": used");
                    return new Resolution(Optional.of(found.provider()), explanation);
                }
                case CredentialSource.Detection.Absent absent -> explanation.add(source.name() + ": " + absent.reason());
            }
        }
        return new Resolution(Optional.empty(), explanation);
    }
}
