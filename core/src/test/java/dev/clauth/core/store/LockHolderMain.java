package dev.clauth.core.store;

import java.nio.file.Path;

/** Takes the store lock of the credentials file in {@code args[0]}, says {@code locked}, and holds it until killed. */
public final class LockHolderMain {

    private LockHolderMain() {
    }

    public static void main(String[] args) {
        new CredentialStore(Path.of(args[0])).lock().call(() -> {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            return null;
        });
    }
}
