package dev.clauth.core.store;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes the credentials file in {@code args[0]} through {@link CredentialStore} in a loop, each time a
 * new numbered token pair (padded so that a write takes more than one block), until killed. Says
 * {@value #WRITING} once its first write is done.
 */
public final class StoreWriterMain {

    public static final String WRITING = "writing";
    static final String ACCESS_PREFIX = "clauth_at_kill_";
    static final String REFRESH_PREFIX = "clauth_rt_kill_";
    static final String PADDING = "x".repeat(6000);

    private StoreWriterMain() {
    }

    public static void main(String[] args) {
        CredentialStore store = new CredentialStore(Path.of(args[0]));
        for (long i = 0; ; i++) {
            if (i == 1) {
                System.out.println(WRITING);
                System.out.flush();
            }
            store.save(new StoredLogin(ACCESS_PREFIX + i + "_" + PADDING, REFRESH_PREFIX + i,
                    System.currentTimeMillis() + 3_600_000, List.of("user:inference"), "max", null,
                    "http://127.0.0.1:1", "clauth-cli"));
        }
    }
}
