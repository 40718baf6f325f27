package dev.clauth.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.DBus;

/**
 * A real Secret Service for tests: a private D-Bus session bus ({@code dbus-daemon --session}) and Debian's
 * {@code gnome-keyring-daemon} on it, its login keyring created and unlocked with a password given on stdin,
 * as a desktop session's PAM module does. {@link #address} is the {@code DBUS_SESSION_BUS_ADDRESS}.
 */
public final class SecretServiceSession implements AutoCloseable {

    public static final String PASSWORD = "keyring-password-for-tests";
    public final String address;
    public final Path home;
    private final Process bus;
    private final Process keyring;

    private SecretServiceSession(String address, Path home, Process bus, Process keyring) {
        this.address = address;
        this.home = home;
        this.bus = bus;
        this.keyring = keyring;
    }

    public static SecretServiceSession start() throws IOException, InterruptedException {
        for (String program : new String[] {"/usr/bin/dbus-daemon", "/usr/bin/gnome-keyring-daemon"}) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new AssertionError(program + " is missing: apt-get install dbus-daemon gnome-keyring (bin/test does)");
            }
        }
        Path home = Files.createTempDirectory("clauth-keyring");
        Process bus = new ProcessBuilder("/usr/bin/dbus-daemon", "--session", "--nofork", "--print-address")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String address = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        }).completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
        if (address == null || address.isBlank()) {
            bus.destroyForcibly();
            throw new AssertionError("dbus-daemon printed no address");
        }
        Path runtime = Files.createDirectories(home.resolve("run"));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/gnome-keyring-daemon", "--unlock", "--foreground", "--components=secrets")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", address.strip());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().remove("DISPLAY");
        Process keyring = pb.start();
        try (OutputStream in = keyring.getOutputStream()) {
            in.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
        SecretServiceSession session = new SecretServiceSession(address.strip(), home, bus, keyring);
        session.awaitService();
        return session;
    }

    /** Waits (at most 30 s, a safety net) until the keyring owns org.freedesktop.secrets; never activates another one. */
    private void awaitService() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try (DBusConnection c = DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
                if (c.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class)
                        .NameHasOwner("org.freedesktop.secrets")) {
                    return;
                }
            } catch (Exception e) {
                // the bus is starting
            }
            if (!keyring.isAlive()) {
                close();
                throw new AssertionError("gnome-keyring-daemon exited (" + keyring.exitValue() + ") before it served");
            }
            Thread.sleep(50);
        }
        close();
        throw new AssertionError("gnome-keyring-daemon did not serve org.freedesktop.secrets within 30 s (safety net)");
    }

    @Override
    public void close() {
        keyring.destroy();
        bus.destroy();
        try {
            keyring.waitFor(10, TimeUnit.SECONDS);
            bus.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keyring.destroyForcibly();
        bus.destroyForcibly();
    }
}
