package dev.clauth.core.login;

import dev.clauth.core.world.World;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a URL with {@code $BROWSER} when set, else the platform's opener ({@code open} on macOS,
 * {@code wslview} or Windows' {@code cmd.exe /c start} on WSL, {@code xdg-open} elsewhere); failure is not
 * an error.
 */
public final class BrowserOpener {

    private final World world;
    private final Platform platform;

    public BrowserOpener(World world) {
        this.world = world;
        this.platform = Platform.of(world);
    }

    /** True when a program was started; it may still fail to show anything. */
    public boolean open(URI url) {
        List<String> command = new ArrayList<>(opener());
        if (command.get(0).equals("cmd.exe")) {
            // cmd.exe reads & as "and then": escaped, the whole URL reaches the browser.
            command.add(url.toString().replace("&", "^&"));
        } else {
            command.add(url.toString());
        }
        try {
            world.start(command);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    List<String> opener() {
        return platform.browserVariable()
                .map(b -> Arrays.asList(b.trim().split("\\s+")))
                .orElseGet(this::platformOpener);
    }

    private List<String> platformOpener() {
        if (platform.mac()) {
            return List.of("open");
        }
        if (platform.wsl()) {
            return platform.find("wslview").isPresent() ? List.of("wslview") : List.of("cmd.exe", "/c", "start");
        }
        return List.of("xdg-open");
    }
}
