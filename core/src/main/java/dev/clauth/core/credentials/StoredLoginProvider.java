package dev.clauth.core.credentials;

import java.util.Optional;

/** Hands out the stored login's access token, refreshed ahead of expiry and after a 401. */
final class StoredLoginProvider implements CredentialProvider {

    private final TokenRefresher refresher;

    StoredLoginProvider(TokenRefresher refresher) {
        this.refresher = refresher;
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
    public Optional<Credential> afterRejection(Credential rejected) {
        return refresher.afterRejection(rejected.secret()).map(login -> oauth(login.accessToken()));
    }

    private static Credential oauth(String accessToken) {
        return new Credential(Credential.Kind.OAUTH_TOKEN, accessToken);
    }
}
