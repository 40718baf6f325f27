package dev.clauth.core.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ConfigPaths;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The port of the login's loopback callback: {@code --port N}, else {@code CLAUTH_OAUTH_CALLBACK_PORT},
 * else {@code oauthCallbackPort} in the user's {@code settings.json}, else 0 (the OS picks a free one).
 * A fixed port can be forwarded ({@code ssh -L N:127.0.0.1:N}).
 */
final class CallbackPort {

    static final String ENV = "CLAUTH_OAUTH_CALLBACK_PORT";
    static final String SETTING = "oauthCallbackPort";

    private CallbackPort() {
    }

    static int resolve(World world, ConfigPaths paths, int option) {
        if (option > 0) {
            return option;
        }
        var env = world.env(ENV);
        if (env.isPresent()) {
            return parse(env.get().trim(), ENV);
        }
        Path settings = paths.configDir().resolve("settings.json");
        try {
            if (Files.isRegularFile(settings) && Files.size(settings) <= 1024 * 1024) {
                JsonNode value = new ObjectMapper().readTree(Files.readString(settings)).path(SETTING);
                if (value.isIntegralNumber() || value.isTextual()) {
                    return parse(value.asText().trim(), SETTING + " in " + settings);
                }
                if (!value.isMissingNode() && !value.isNull()) {
                    throw invalid(SETTING + " in " + settings);
                }
            }
        } catch (IOException e) {
            // an unreadable settings file is reported where settings are read; the OS picks the port
        }
        return 0;
    }

    private static int parse(String value, String where) {
        if (!value.matches("\\d{1,5}")) {
            throw invalid(where);
        }
        int port = Integer.parseInt(value);
        if (port < 1 || port > 65535) {
            throw invalid(where);
        }
        return port;
    }

    private static ClauthException invalid(String where) {
        return new ClauthException(where + " must be a port number from 1 to 65535; fix or remove it");
    }
}
