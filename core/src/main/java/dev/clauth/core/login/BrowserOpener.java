package dev.clauth.core.login;

import dev.clauth.core.world.World;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Opens a URL with {@code $BROWSER} when set, else the platform's opener; failure is not an error. */
public final class BrowserOpener {

    private final World world;

    public BrowserOpener(World world) {
        this.world = world;
    }

    /** True when a program was started; it may still fail to show anything. */
    public boolean open(URI url) {
        List<String> command = new ArrayList<>(opener());
        command.add(url.toString());
        try {
            world.start(command);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    List<String> opener() {
        return world.env("BROWSER")
                .map(b -> Arrays.asList(b.trim().split("\\s+")))
                .orElseGet(this::platformOpener);
    }

    private List<String> platformOpener() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("mac")) {
            return List.of("open");
        }
        if (world.env("WSL_DISTRO_NAME").isPresent()) {
            return List.of("wslview");
        }
        return List.of("xdg-open");
    }
}
