package dev.clauth.core.store.secretservice;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** The Secret Service's {@code (oayays)}: session, parameters, value, content type. */
public final class Secret extends Struct {
    @Position(0)
    public final DBusPath session;
    @Position(1)
    public final byte[] parameters;
    @Position(2)
    public final byte[] value;
    @Position(3)
    public final String contentType;

    public Secret(DBusPath session, byte[] parameters, byte[] value, String contentType) {
        this.session = session;
        this.parameters = parameters;
        this.value = value;
        this.contentType = contentType;
    }
}
