package dev.clauth.core.store.secretservice;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** {@code org.freedesktop.Secret.Service} (the Secret Service API, the parts clauth uses). */
@DBusInterfaceName("org.freedesktop.Secret.Service")
public interface Service extends DBusInterface {
    Pair<Variant<?>, DBusPath> OpenSession(String algorithm, Variant<?> input);

    Pair<List<DBusPath>, List<DBusPath>> SearchItems(Map<String, String> attributes);

    Pair<List<DBusPath>, DBusPath> Unlock(List<DBusPath> objects);

    DBusPath ReadAlias(String name);
}
