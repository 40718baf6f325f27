package dev.clauth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.Clauth;
import dev.clauth.core.config.Profiles;
import dev.clauth.core.credentials.Credential;
import dev.clauth.core.login.LoginOptions;
import dev.clauth.core.world.EnvOverlayWorld;
import dev.clauth.core.world.World;
import dev.clauth.core.login.LogoutFlow;
import dev.clauth.core.status.AuthStatus;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code clauth auth login|logout|status|token|switch|list}. */
@Command(name = "auth", description = "Sign in, sign out, and see which credential is used.",
        subcommands = {AuthCommand.Login.class, AuthCommand.Logout.class, AuthCommand.Status.class, AuthCommand.Token.class,
            AuthCommand.Switch.class, AuthCommand.ListProfiles.class})
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
            Profiles profiles = new Profiles(auth.root.profiled());
            profiles.create(profiles.active());
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

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Print the credential in use (refreshed when"
            + " needed) for another program, e.g. the real Claude Code's apiKeyHelper: \"clauth auth token\".")
    static final class Token implements Callable<Integer> {

        @ParentCommand
        AuthCommand auth;

        @Option(names = "--json", description = "{token, source, expiresAt} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Clauth.TokenInUse token = new Clauth(auth.root.profiled(), auth.root.resolverOptions().asApiKeyHelper(true)).token();
            if (!json) {
                auth.root.world.out().println(token.credential().secret());
                return 0;
            }
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("token", token.credential().secret());
            out.put("source", token.source());
            out.put("kind", token.credential().kind() == Credential.Kind.API_KEY ? "api_key" : "bearer");
            token.expiresAt().ifPresentOrElse(at -> out.put("expiresAt", at.toEpochMilli()), () -> out.putNull("expiresAt"));
            auth.root.world.out().println(out.toString());
            return 0;
        }
    }

    @Command(name = "switch", mixinStandardHelpOptions = true,
            description = "Use the profile NAME from now on (default: the reference's own config dir).")
    static final class Switch implements Callable<Integer> {

        @ParentCommand
        AuthCommand auth;

        @picocli.CommandLine.Parameters(paramLabel = "NAME", description = "A profile made by clauth auth login --profile NAME, or default.")
        String name;

        @Override
        public Integer call() {
            Profiles profiles = new Profiles(auth.root.world);
            profiles.switchTo(name);
            auth.root.world.out().println("Now using the profile " + name + " (" + profiles.configDir(name) + ").");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the profiles and who each is signed in as.")
    static final class ListProfiles implements Callable<Integer> {

        @ParentCommand
        AuthCommand auth;

        @Override
        public Integer call() {
            Profiles profiles = new Profiles(auth.root.profiled());
            String active = profiles.active();
            for (String name : profiles.names()) {
                World world = new EnvOverlayWorld(auth.root.world, java.util.Map.of(Profiles.VARIABLE, name));
                String who;
                try {
                    who = new Clauth(world, auth.root.resolverOptions()).status().shortLine();
                } catch (RuntimeException e) {
                    who = ErrorReporter.message(e);
                }
                auth.root.world.out().println((name.equals(active) ? "* " : "  ") + name + "  " + profiles.configDir(name)
                        + "  " + who);
            }
            auth.root.world.out().println("The real claude uses a profile with CLAUDE_CONFIG_DIR=<its dir>.");
            return 0;
        }
    }
}
