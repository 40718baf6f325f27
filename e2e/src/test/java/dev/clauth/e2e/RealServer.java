package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code clauth server} for one test class, with its own temporary data directory:
 * {@code @RegisterExtension static final RealServer server = new RealServer();} starts it before the
 * class's tests and stops it after them, then checks that no secret any sandbox stored appears in the
 * server's output or in the output of any {@code clauth} command a sandbox ran.
 */
public final class RealServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> env;
    private final Supplier<String[]> extraArgs;
    private Path data;
    private ServerProcess process;

    public RealServer() {
        this(() -> new String[0]);
    }

    /** A server started with {@code extraArgs} (asked for when it starts, so the supplier may skip the class). */
    public RealServer(Supplier<String[]> extraArgs) {
        this(Map.of(), extraArgs);
    }

    /** A server started with {@code env} added to its environment and {@code extraArgs}. */
    public RealServer(Map<String, String> env, Supplier<String[]> extraArgs) {
        this.env = Map.copyOf(env);
        this.extraArgs = extraArgs;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        data = Files.createTempDirectory("clauth-server");
        process = ServerProcess.start(data, env, extraArgs.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process == null) {
            deleteData();
            return;
        }
        String serverOutput = process.output();
        process.close();
        process = null;
        deleteData();
        assertThat(Sandbox.SECRETS).as("the tests stored some tokens to look for").isNotEmpty();
        for (String secret : Sandbox.SECRETS) {
            assertThat(serverOutput).as("server output").doesNotContain(secret);
            for (String output : Sandbox.OUTPUTS) {
                assertThat(output).as("a clauth command's output").doesNotContain(secret);
            }
        }
    }

    private void deleteData() {
        if (data == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
        data = null;
    }

    /** The running server; only between its class's {@code @BeforeAll} and {@code @AfterAll}. */
    public ServerProcess process() {
        if (process == null) {
            throw new IllegalStateException("the server runs only while its test class does");
        }
        return process;
    }

    public URI url() {
        return process().url;
    }

    /** Everything the server printed so far. */
    public String output() {
        return process().output();
    }

    /** A new user's machine in {@code dir}, pointed at this server. */
    Sandbox newUser(Path dir) {
        return new Sandbox(dir, process());
    }
}
