package dev.clauth.core.credentials;

import dev.clauth.core.world.World;
import java.util.Optional;

/** Shared by the sources that read one environment variable. */
abstract class EnvironmentSource implements CredentialSource {

    protected final World world;
    private final String variable;

    EnvironmentSource(World world, String variable) {
        this.world = world;
        this.variable = variable;
    }

    @Override
    public String name() {
        return variable;
    }

    @Override
    public String noun() {
        return variable;
    }

    protected Optional<String> value() {
        return world.env(variable).map(String::strip);
    }

    protected Detection.Absent notSet() {
        return new Detection.Absent("not set");
    }
}
