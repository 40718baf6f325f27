package dev.clauth.core.credentials;

/** The {@code apiKeyHelper}, left out when clauth runs as one ({@code clauth auth token}): it may be this very command. */
final class LeftOutAsHelper implements CredentialSource {

    private final CredentialSource helper;

    LeftOutAsHelper(CredentialSource helper) {
        this.helper = helper;
    }

    @Override
    public String name() {
        return helper.name();
    }

    @Override
    public Detection detect() {
        return new Detection.Absent("left out: clauth auth token may be the apiKeyHelper itself");
    }
}
