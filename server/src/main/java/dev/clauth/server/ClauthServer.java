package dev.clauth.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * {@code clauth server}: the authorization server, its pages and the API, in one process.
 * Prints {@code clauth server listening on <issuer>} once it serves ({@code http://127.0.0.1:<port>}
 * unless {@code --issuer} or {@code --host} say otherwise).
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration" })
public class ClauthServer {

    public static void main(String[] args) {
        ServerArguments arguments;
        try {
            arguments = ServerArguments.parse(Arrays.asList(args), Path.of(System.getProperty("user.home")),
                    System.getenv());
            if (arguments.usesEmbeddedDatabase()) {
                DataDirectory.prepare(arguments.dataDir(), System.err);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("clauth server: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("clauth server: cannot create the data directory: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            application(arguments).run();
        } catch (Throwable e) {
            System.err.println("clauth server: failed to start: " + rootMessage(e));
            System.exit(1);
        }
    }

    /** The application configured from parsed arguments; tests use it to start a real server. */
    public static SpringApplication application(ServerArguments arguments) {
        SpringApplication application = new SpringApplication(ClauthServer.class);
        application.setDefaultProperties(arguments.springProperties());
        application.addListeners(readyLine(arguments));
        return application;
    }

    private static ApplicationListener<ApplicationReadyEvent> readyLine(ServerArguments arguments) {
        return event -> {
            if (arguments.usesEmbeddedDatabase()) {
                try {
                    DataDirectory.tightenFiles(arguments.dataDir());
                } catch (IOException e) {
                    System.err.println("clauth server: warning: cannot make the database files 0600: " + e.getMessage());
                }
            }
            if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
                System.out.println("clauth server listening on " + web.getBean(Issuer.class).url());
                System.out.flush();
            }
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
