package dev.clauth.core.store;

import dev.clauth.core.ClauthException;
import dev.clauth.core.store.secretservice.Collection;
import dev.clauth.core.store.secretservice.Pair;
import dev.clauth.core.store.secretservice.Secret;
import dev.clauth.core.store.secretservice.Service;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.Variant;

/**
 * The Linux Secret Service ({@code org.freedesktop.secrets}: GNOME Keyring, KWallet, KeePassXC) over the
 * session D-Bus. Each item is a secret of the default collection with the attributes {@code service}
 * (the reference's names, {@link ServiceNames}) and {@code account} ({@code $USER}); a write updates the
 * existing item in place ({@code SetSecret}) or creates it. The session uses the {@code plain} algorithm:
 * the value travels only over the user's own session bus socket. A locked keyring is not unlocked behind
 * the user's back: that needs the keyring's own prompt, and the one line says so.
 */
public final class SecretServiceStore implements SecretStore {

    public static final String NAME = "secret-service";
    static final String BUS_NAME = "org.freedesktop.secrets";
    static final String SERVICE_PATH = "/org/freedesktop/secrets";
    private static final String NO_PROMPT = "/";

    private final String address;
    private final String account;
    private final String suffix;
    private final Path configDir;

    public SecretServiceStore(World world, String account, String suffix, Path configDir) {
        this.address = world.env("DBUS_SESSION_BUS_ADDRESS").orElse(null);
        this.account = account;
        this.suffix = suffix;
        this.configDir = configDir;
    }

    /** True when a Secret Service answers on this session bus. */
    public static boolean available(World world) {
        Optional<String> address = world.env("DBUS_SESSION_BUS_ADDRESS");
        if (address.isEmpty()) {
            return false;
        }
        try (DBusConnection bus = DBusConnectionBuilder.forAddress(address.get()).withShared(false).build()) {
            return bus.getRemoteObject(BUS_NAME, SERVICE_PATH, Service.class).ReadAlias("default") != null;
        } catch (DBusException | IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    public String service(Item item) {
        return ServiceNames.service(item, suffix);
    }

    private Map<String, String> attributes(Item item) {
        return Map.of("service", service(item), "account", account);
    }

    /** One conversation with the Secret Service: a connection and a session, closed after. */
    private interface Work<T> {
        T run(Service service, DBusConnection bus, DBusPath session) throws DBusException;
    }

    private <T> T talk(String what, Item item, Work<T> work) {
        if (address == null) {
            throw new ClauthException("There is no D-Bus session here (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret"
                    + " Service cannot be used; start a desktop session, or set CLAUTH_CREDENTIAL_STORE=file");
        }
        try (DBusConnection bus = DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
            Service service = bus.getRemoteObject(BUS_NAME, SERVICE_PATH, Service.class);
            Pair<Variant<?>, DBusPath> session = service.OpenSession("plain", new Variant<>(""));
            return work.run(service, bus, session.b);
        } catch (ClauthException e) {
            throw e;
        } catch (DBusException | IOException | RuntimeException e) {
            throw new ClauthException("Cannot " + what + " " + describe(item) + " (" + e.getClass().getSimpleName()
                    + "); check that your keyring (gnome-keyring, KWallet, KeePassXC) runs and is unlocked, or set"
                    + " CLAUTH_CREDENTIAL_STORE=file");
        }
    }

    /** The item's path, unlocked; empty when there is none. */
    private Optional<DBusPath> find(Service service, Item item) {
        Pair<List<DBusPath>, List<DBusPath>> found = service.SearchItems(attributes(item));
        if (!found.a.isEmpty()) {
            return Optional.of(found.a.get(0));
        }
        if (found.b.isEmpty()) {
            return Optional.empty();
        }
        unlock(service, List.of(found.b.get(0)));
        return Optional.of(found.b.get(0));
    }

    private void unlock(Service service, List<DBusPath> objects) {
        Pair<List<DBusPath>, DBusPath> unlocked = service.Unlock(objects);
        if (unlocked.a.isEmpty() && unlocked.b != null && !NO_PROMPT.equals(unlocked.b.getPath())) {
            throw new ClauthException("Your keyring is locked; unlock it (sign in to your desktop, or open your keyring"
                    + " manager), then try again — or set CLAUTH_CREDENTIAL_STORE=file");
        }
    }

    @Override
    public Optional<String> read(Item item) {
        return talk("read", item, (service, bus, session) -> {
            Optional<DBusPath> path = find(service, item);
            if (path.isEmpty()) {
                return Optional.empty();
            }
            Secret secret = bus.getRemoteObject(BUS_NAME, path.get().getPath(),
                    dev.clauth.core.store.secretservice.Item.class).GetSecret(session);
            String value = new String(secret.value, StandardCharsets.UTF_8);
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        });
    }

    @Override
    public void write(Item item, String value) {
        talk("write", item, (service, bus, session) -> {
            Secret secret = new Secret(session, new byte[0], value.getBytes(StandardCharsets.UTF_8), "text/plain");
            Optional<DBusPath> existing = find(service, item);
            if (existing.isPresent()) {
                bus.getRemoteObject(BUS_NAME, existing.get().getPath(), dev.clauth.core.store.secretservice.Item.class)
                        .SetSecret(secret);
                return null;
            }
            DBusPath collection = service.ReadAlias("default");
            if (collection == null || NO_PROMPT.equals(collection.getPath())) {
                throw new ClauthException("Your Secret Service has no default keyring; create one in your keyring manager,"
                        + " or set CLAUTH_CREDENTIAL_STORE=file");
            }
            unlock(service, List.of(collection));
            Map<String, Variant<?>> properties = Map.of(
                    "org.freedesktop.Secret.Item.Label", new Variant<>(service(item)),
                    "org.freedesktop.Secret.Item.Attributes", new Variant<>(attributes(item), "a{ss}"));
            Pair<DBusPath, DBusPath> created = bus.getRemoteObject(BUS_NAME, collection.getPath(), Collection.class)
                    .CreateItem(properties, secret, true);
            if (created.a == null || NO_PROMPT.equals(created.a.getPath())) {
                throw new ClauthException("Your keyring asked to confirm storing the login; unlock it and try again, or"
                        + " set CLAUTH_CREDENTIAL_STORE=file");
            }
            return null;
        });
    }

    @Override
    public boolean delete(Item item) {
        return talk("remove", item, (service, bus, session) -> {
            Pair<List<DBusPath>, List<DBusPath>> found = service.SearchItems(attributes(item));
            List<DBusPath> all = new ArrayList<>(found.a);
            all.addAll(found.b);
            for (DBusPath path : all) {
                bus.getRemoteObject(BUS_NAME, path.getPath(), dev.clauth.core.store.secretservice.Item.class).Delete();
            }
            return !all.isEmpty();
        });
    }

    @Override
    public String describe(Item item) {
        return "the Secret Service item \"" + service(item) + "\"";
    }

    @Override
    public Path moveAside(Item item, Instant now) throws IOException {
        Path aside = AtomicFileWriter.keepAside(configDir, ".credentials.json.keyring-corrupt",
                read(item).orElse("").getBytes(StandardCharsets.UTF_8), now);
        delete(item);
        return aside;
    }
}
