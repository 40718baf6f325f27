package dev.clauth.core.store.secretservice;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** {@code org.freedesktop.Secret.Collection}. */
@DBusInterfaceName("org.freedesktop.Secret.Collection")
public interface Collection extends DBusInterface {
    Pair<DBusPath, DBusPath> CreateItem(Map<String, Variant<?>> properties, Secret secret, boolean replace);
}
