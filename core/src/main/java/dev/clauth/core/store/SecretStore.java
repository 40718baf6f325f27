package dev.clauth.core.store;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one config dir's secrets live: the credentials document (what {@code .credentials.json} holds:
 * {@code claudeAiOauth}, {@code enterpriseGateway}, {@code gatewayTrust}, and any key another program
 * put there) and the Console login's API key ({@code primaryApiKey}). Backends: the file (the
 * reference's Linux and Windows behaviour), the macOS Keychain through {@code /usr/bin/security}, and
 * the Linux Secret Service over D-Bus. A backend only reads and writes whole values; locking, merging
 * and compare-and-swap are {@link CredentialStore}'s, above it, so every backend gets them alike.
 */
public interface SecretStore {

    /** The two secrets of a config dir. */
    enum Item {
        /** The credentials document, JSON. */
        CREDENTIALS,
        /** The API key a Console login made. */
        API_KEY
    }

    /** As settings and messages name it: {@code file}, {@code keychain}, {@code secret-service}. */
    String name();

    /** The item's value; empty when there is none. A store that cannot be read fails in one line. */
    Optional<String> read(Item item);

    /** Replaces the item's value (atomically, as far as the backend allows). */
    void write(Item item, String value);

    /** Removes the item; true when there was one. */
    boolean delete(Item item);

    /** Where the item lives, for messages: a path, or the Keychain or Secret Service item. */
    String describe(Item item);

    /**
     * Keeps an unreadable item out of the way without losing it: a file is renamed next to itself; an OS
     * store's value is copied into a private file in {@code configDir} and the item removed. Returns where
     * it went, for the message.
     */
    java.nio.file.Path moveAside(Item item, Instant now) throws IOException;

    /** A warning when the store can be read by others than its owner. */
    default Optional<String> permissionWarning() {
        return Optional.empty();
    }

    /** True when the item's value is only readable through this process's file permissions (plaintext). */
    default boolean plaintext() {
        return false;
    }
}
