package dev.clauth.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port for a test of a fixed port (one the user names, such as {@code --port N}), which must
 * be chosen before the code under test binds it. A port the OS picked for port 0 would be free too, but
 * the OS hands the same range out to every other socket on the machine in the meantime, so the port is
 * chosen at random below that range ({@code ip_local_port_range}), where nothing binds unless asked to,
 * and checked to be free now.
 */
public final class FixedPort {

    private static final int LOWEST = 20_000;
    /** {@code clauth server}'s default port: someone may be running one. */
    private static final int SERVER_DEFAULT = 8765;

    private FixedPort() {
    }

    public static int free() {
        int below = ephemeralLow();
        int lowest = below - LOWEST > 1000 ? LOWEST : 1024;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(lowest, below);
            if (port != SERVER_DEFAULT && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port between " + lowest + " and " + below);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The lowest port the OS hands out for port 0 (Linux: the first of {@code ip_local_port_range}). */
    private static int ephemeralLow() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.isReadable(range)) {
            return 32_768;
        }
        // read as a stream: Files.readString sees only the first byte of a /proc/sys file
        try (InputStream in = Files.newInputStream(range)) {
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
