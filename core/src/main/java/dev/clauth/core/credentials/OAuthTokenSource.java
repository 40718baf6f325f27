package dev.clauth.core.credentials;

import dev.clauth.core.world.World;

/**
 * {@code CLAUDE_CODE_OAUTH_TOKEN}, the long-lived token {@code clauth setup-token} prints: Bearer with the
 * OAuth beta header, never refreshed (it has no refresh token), scoped to {@code user:inference}.
 */
public final class OAuthTokenSource extends EnvironmentSource {

    public static final String VARIABLE = "CLAUDE_CODE_OAUTH_TOKEN";

    public OAuthTokenSource(World world) {
        super(world, VARIABLE);
    }

    @Override
    public Detection detect() {
        return value().<Detection>map(token -> new Detection.Found(StaticProvider.fromEnvironment(AuthMethod.OAUTH_TOKEN,
                VARIABLE, Credential.Kind.OAUTH_TOKEN, token, "requests use that token's subscription"))).orElseGet(this::notSet);
    }
}
