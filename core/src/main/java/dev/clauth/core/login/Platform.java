package dev.clauth.core.login;

import dev.clauth.core.world.World;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the login runs, as far as signing in cares: macOS, WSL ({@code WSL_DISTRO_NAME}, or a
 * {@code /proc/version} that mentions Microsoft), an SSH session ({@code SSH_CONNECTION}/{@code SSH_TTY}),
 * a graphical display ({@code DISPLAY}/{@code WAYLAND_DISPLAY}), tmux, and which programs are on the PATH.
 */
record Platform(boolean mac, boolean wsl, boolean ssh, boolean x11, boolean wayland, boolean tmux,
        Optional<String> browserVariable, String path) {

    static Platform of(World world) {
        boolean mac = world.osName().contains("mac");
        boolean wsl = world.env("WSL_DISTRO_NAME").isPresent() || world.env("WSL_INTEROP").isPresent()
                || world.readSmallFile(Path.of("/proc/version")).map(v -> v.toLowerCase().contains("microsoft")).orElse(false);
        return new Platform(mac, wsl,
                world.env("SSH_CONNECTION").isPresent() || world.env("SSH_TTY").isPresent() || world.env("SSH_CLIENT").isPresent(),
                world.env("DISPLAY").isPresent(), world.env("WAYLAND_DISPLAY").isPresent(), world.env("TMUX").isPresent(),
                world.env("BROWSER"), world.env("PATH").orElse(""));
    }

    /** True when a browser can be opened on this machine for the person in front of it. */
    boolean canOpenBrowser() {
        return browserVariable.isPresent() || mac || wsl || x11 || wayland;
    }

    /** The program {@code name} on the PATH, if it is there. */
    Optional<Path> find(String name) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
