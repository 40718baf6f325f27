package dev.clauth.core.login;

import com.nimbusds.oauth2.sdk.id.State;
import dev.clauth.core.ClauthException;
import dev.clauth.core.oauth.LoginState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Reads pasted {@code code#state} lines on a daemon thread. A malformed line is reported and reading
 * goes on; a wrong state fails the login; end of input just stops reading (the callback may still come).
 */
final class PasteReader {

    static final String PROMPT = "Paste code here if prompted > ";
    private static final int MAX_LINE = 8192;

    private PasteReader() {
    }

    static void start(InputStream in, PrintStream out, State expected, URI manualRedirect, CompletableFuture<CodeSource> result) {
        Thread thread = new Thread(() -> read(in, out, expected, manualRedirect, result), "clauth-paste");
        thread.setDaemon(true);
        thread.start();
    }

    private static void read(InputStream in, PrintStream out, State expected, URI manualRedirect,
            CompletableFuture<CodeSource> result) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            String line;
            while (!result.isDone() && (line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                var pasted = line.length() > MAX_LINE ? java.util.Optional.<PastedCode>empty() : PastedCode.parse(line);
                if (pasted.isEmpty()) {
                    out.println(PastedCode.INVALID);
                    out.print(PROMPT);
                    out.flush();
                } else if (!LoginState.matches(expected, pasted.get().state())) {
                    result.completeExceptionally(new ClauthException("Invalid state parameter"));
                } else {
                    result.complete(new CodeSource(pasted.get().code(), manualRedirect, false));
                }
            }
        } catch (IOException e) {
            // stdin closed or unreadable: only the callback can finish the login now
        }
    }
}
