package dev.clauth.core.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tries its sources in order; the first that is configured wins. The sources after it are still looked
 * at (they read local state only), so that the resolution can say what is present but not used, and why.
 */
public final class CredentialChain {

    private final List<CredentialSource> sources;

    public CredentialChain(List<CredentialSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public Resolution resolve() {
        List<String> explanation = new ArrayList<>();
        List<Resolution.NotUsed> notUsed = new ArrayList<>();
        CredentialProvider winner = null;
        for (CredentialSource source : sources) {
            CredentialSource.Detection detection = source.detect();
            if (winner == null && detection instanceof CredentialSource.Detection.Found found) {
                winner = found.provider();
                explanation.add(source.name() + ": used");
                continue;
            }
            switch (detection) {
                case CredentialSource.Detection.Found found -> {
                    explanation.add(source.name() + ": present, not used");
                    notUsed.add(new Resolution.NotUsed(found.provider().source(), winner.describe()
                            + " and takes precedence over " + source.noun() + ": " + winner.consequence()));
                }
                case CredentialSource.Detection.Ignored ignored -> {
                    explanation.add(source.name() + ": " + ignored.reason());
                    notUsed.add(new Resolution.NotUsed(ignored.source(), ignored.reason()));
                }
                case CredentialSource.Detection.Absent absent -> explanation.add(source.name() + ": " + absent.reason());
            }
        }
        return new Resolution(Optional.ofNullable(winner), explanation, notUsed);
    }
}
