package dev.clauth.core.login;

import dev.clauth.core.world.World;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The {@code c} key of the interactive login: copies the URL with the platform's clipboard tool when
 * there is one (pbcopy, clip.exe, wl-copy, xclip, xsel), and always with the terminal's own clipboard
 * escape sequence, OSC 52, which also works over SSH (wrapped for tmux to pass it through).
 */
final class UrlCopier {

    private final World world;
    private final Platform platform;

    UrlCopier(World world, Platform platform) {
        this.world = world;
        this.platform = platform;
    }

    /** Copies {@code url} and says so on the terminal. */
    void copy(URI url) {
        byte[] text = url.toString().getBytes(StandardCharsets.UTF_8);
        boolean tool = clipboardTool().map(command -> {
            try {
                world.start(command, text);
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }).orElse(false);
        world.out().print(osc52(url.toString(), platform.tmux()));
        world.out().println(tool ? "Copied the URL to the clipboard."
                : "Copied the URL through the terminal (if your terminal does not allow that, select the URL above).");
        world.out().flush();
    }

    /** {@code ESC ] 52 ; c ; <base64> BEL}; inside tmux wrapped in a DCS passthrough. */
    static String osc52(String text, boolean tmux) {
        String sequence = "\u001b]52;c;" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\u0007";
        return tmux ? "\u001bPtmux;" + sequence.replace("\u001b", "\u001b\u001b") + "\u001b\\" : sequence;
    }

    Optional<List<String>> clipboardTool() {
        if (platform.mac()) {
            return Optional.of(List.of("pbcopy"));
        }
        if (platform.wsl() && platform.find("clip.exe").isPresent()) {
            return Optional.of(List.of("clip.exe"));
        }
        if (platform.wayland() && platform.find("wl-copy").isPresent()) {
            return Optional.of(List.of("wl-copy"));
        }
        if (platform.x11() && platform.find("xclip").isPresent()) {
            return Optional.of(List.of("xclip", "-selection", "clipboard"));
        }
        if (platform.x11() && platform.find("xsel").isPresent()) {
            return Optional.of(List.of("xsel", "--clipboard", "--input"));
        }
        return Optional.empty();
    }
}
