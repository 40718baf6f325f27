package dev.clauth.core.credentials;

import dev.clauth.core.world.World;

/** {@code ANTHROPIC_AUTH_TOKEN}: sent as {@code Authorization: Bearer}, for gateways and proxies. */
public final class AuthTokenSource extends EnvironmentSource {

    public static final String VARIABLE = "ANTHROPIC_AUTH_TOKEN";

    public AuthTokenSource(World world) {
        super(world, VARIABLE);
    }

    @Override
    public Detection detect() {
        return value().<Detection>map(token -> new Detection.Found(StaticProvider.fromEnvironment(AuthMethod.OAUTH_TOKEN,
                VARIABLE, Credential.Kind.BEARER_TOKEN, token, "requests carry that token"))).orElseGet(this::notSet);
    }
}
