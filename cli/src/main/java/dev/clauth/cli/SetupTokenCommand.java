package dev.clauth.cli;

import dev.clauth.core.Clauth;
import dev.clauth.core.login.LoginOptions;
import dev.clauth.core.oauth.TokenGrant;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code clauth setup-token}: a one-year, inference-only token, printed once and saved nowhere. */
@Command(name = "setup-token", mixinStandardHelpOptions = true,
        description = "Create a long-lived (one year), inference-only token for CI and scripts; it is printed, not saved.")
final class SetupTokenCommand implements Callable<Integer> {

    @ParentCommand
    ClauthCommand root;

    @Option(names = "--email", paramLabel = "E", description = "Pre-fill the sign-in email.")
    String email;

    @Option(names = "--sso", description = "Sign in with single sign-on.")
    boolean sso;

    @Option(names = "--port", paramLabel = "N", description = "Fixed port for the browser callback (default: any).")
    int port;

    @Option(names = "--no-browser", description = "Do not open a browser: print the URL and wait for the code.")
    boolean noBrowser;

    @Option(names = "--device", description = "Sign in on another device with a short code.")
    boolean device;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            root.world.err().println("--port must be between 1 and 65535 (run clauth setup-token --help for usage)");
            return ErrorReporter.USAGE;
        }
        LoginOptions options = new LoginOptions(false, Optional.ofNullable(email).filter(e -> !e.isBlank()), sso, port)
                .withNoBrowser(noBrowser).withDevice(device);
        TokenGrant grant = root.clauth().setupTokenGrant(options);
        String token = grant.accessToken();
        PrintStream out = root.world.out();
        out.println();
        out.println("✓ Long-lived authentication token created successfully!");
        out.println();
        out.println("Your OAuth token (valid for " + Clauth.lifetime(grant.expiresInSeconds()) + "):");
        out.println();
        out.println(token);
        out.println();
        out.println("Store this token securely. You won't be able to see it again.");
        out.println();
        out.println("Use this token by setting: export CLAUDE_CODE_OAUTH_TOKEN=<token>");
        return 0;
    }
}
