package dev.clauth.core.store.secretservice;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** {@code org.freedesktop.Secret.Item}. */
@DBusInterfaceName("org.freedesktop.Secret.Item")
public interface Item extends DBusInterface {
    DBusPath Delete();

    Secret GetSecret(DBusPath session);

    void SetSecret(Secret secret);
}
