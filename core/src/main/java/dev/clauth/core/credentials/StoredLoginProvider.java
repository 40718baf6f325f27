package dev.clauth.core.credentials;

import java.nio.file.Path;
import java.util.Optional;

/** Hands out the stored login's access token, refreshed ahead of expiry and after a 401. */
final class StoredLoginProvider implements CredentialProvider {

    private final TokenRefresher refresher;
    private final Credential.Origin origin;

    StoredLoginProvider(TokenRefresher refresher, Path storeFile) {
        this.refresher = refresher;
        this.origin = new Credential.Origin("The access token in " + storeFile, "run clauth auth login");
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.CLAUDE_AI;
    }

    @Override
    public String source() {
        return "claude.ai";
    }

    @Override
    public Credential credential() {
        return oauth(refresher.current().accessToken());
    }

    @Override
    public Optional<java.time.Instant> expiresAt() {
        return Optional.of(refresher.current().expiry());
    }

    @Override
    public Optional<Credential> afterRejection(Credential rejected) {
        return refresher.afterRejection(rejected.secret()).map(login -> oauth(login.accessToken()));
    }

    private Credential oauth(String accessToken) {
        return Credential.read(Credential.Kind.OAUTH_TOKEN, accessToken, origin);
    }
}
