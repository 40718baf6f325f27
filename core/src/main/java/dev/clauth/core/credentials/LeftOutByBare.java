package dev.clauth.core.credentials;

/** A source that {@code --bare} leaves out: when it is configured, the resolution says so and passes it over. */
final class LeftOutByBare implements CredentialSource {

    private final CredentialSource source;

    LeftOutByBare(CredentialSource source) {
        this.source = source;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public Detection detect() {
        if (source.detect() instanceof Detection.Found found) {
            return new Detection.Ignored(found.provider().source(), found.provider().source()
                    + " is present but --bare uses only ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and an apiKeyHelper"
                    + " from --settings");
        }
        return new Detection.Absent("left out by --bare");
    }
}
