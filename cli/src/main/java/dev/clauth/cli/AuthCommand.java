package dev.clauth.cli;

import dev.clauth.core.login.LoginOptions;
import dev.clauth.core.login.LogoutFlow;
import dev.clauth.core.status.AuthStatus;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code clauth auth login|logout|status}. */
@Command(name = "auth", description = "Sign in, sign out, and see which credential is used.",
        subcommands = {AuthCommand.Login.class, AuthCommand.Logout.class, AuthCommand.Status.class})
final class AuthCommand {

    @ParentCommand
    ClauthCommand root;

    @Command(name = "login", mixinStandardHelpOptions = true, description = "Sign in with your browser, or with --device on any other device.")
    static final class Login implements Callable<Integer> {

        @ParentCommand
        AuthCommand auth;

        static final class Kind {
            @Option(names = "--claudeai", description = "Subscription login (default).")
            boolean claudeai;

            @Option(names = "--console", description = "Console login: creates an API key.")
            boolean console;
        }

        @ArgGroup(exclusive = true)
        Kind kind;

        @Option(names = "--email", paramLabel = "E", description = "Pre-fill the sign-in email.")
        String email;

        @Option(names = "--sso", description = "Sign in with single sign-on.")
        boolean sso;

        @Option(names = "--port", paramLabel = "N", description = "Fixed port for the browser callback, to forward it"
                + " (default: CLAUTH_OAUTH_CALLBACK_PORT, the setting oauthCallbackPort, else any free port).")
        int port;

        @Option(names = "--no-browser", description = "Do not open a browser: print the URL and wait for the code.")
        boolean noBrowser;

        @Option(names = "--device", description = "Sign in on another device with a short code (no browser needed here).")
        boolean device;

        @Option(names = "--gateway", paramLabel = "URL", description = "Sign in to a Claude Code gateway (your"
                + " organisation's): its TLS certificate is trusted on first use, the sign-in is a device code, and every"
                + " request then goes to the gateway. --email E confirms the account without asking.")
        String gateway;

        @Override
        public Integer call() {
            if (port < 0 || port > 65535) {
                auth.root.world.err().println("--port must be between 1 and 65535 (run clauth auth login --help for usage)");
                return ErrorReporter.USAGE;
            }
            boolean console = kind != null && kind.console;
            auth.root.clauth().login(new LoginOptions(console, Optional.ofNullable(email).filter(e -> !e.isBlank()), sso, port,
                    noBrowser, device).withGateway(gateway));
            return 0;
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Sign out and forget the stored login.")
    static final class Logout implements Callable<Integer> {

        @ParentCommand
        AuthCommand auth;

        @Override
        public Integer call() {
            auth.root.clauth().logout();
            auth.root.world.out().println(LogoutFlow.SUCCESS);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show which credential is used; exit 0 when one is usable, 1 when not.")
    static final class Status implements Callable<Integer> {

        @ParentCommand
        AuthCommand auth;

        static final class Format {
            @Option(names = "--json", description = "JSON (default).")
            boolean json;

            @Option(names = "--text", description = "Lines of text.")
            boolean text;
        }

        @ArgGroup(exclusive = true)
        Format format;

        @Override
        public Integer call() {
            var clauth = auth.root.clauth();
            clauth.credentialStore().permissionWarning().ifPresent(auth.root.world.err()::println);
            AuthStatus status = clauth.status();
            boolean text = format != null && format.text;
            auth.root.world.out().println(text ? status.toText() : status.toJson());
            return status.loggedIn() ? 0 : 1;
        }
    }
}
