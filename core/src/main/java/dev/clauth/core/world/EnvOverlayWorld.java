package dev.clauth.core.world;

import java.util.Map;
import java.util.Optional;

/**
 * A world in which some environment variables say what a command-line flag said ({@code --profile work} is
 * {@code CLAUTH_PROFILE=work}); everything else is the world underneath.
 */
public final class EnvOverlayWorld extends ForwardingWorld {

    private final Map<String, String> overlay;

    public EnvOverlayWorld(World world, Map<String, String> overlay) {
        super(world);
        this.overlay = Map.copyOf(overlay);
    }

    @Override
    public Optional<String> env(String name) {
        String value = overlay.get(name);
        return value != null ? Optional.of(value).filter(v -> !v.isBlank()) : world.env(name);
    }
}
