package dev.clauth.server.inference;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/**
 * What answers a Messages API call once the caller is authenticated and allowed: the built-in
 * deterministic model (the default, and the test upstream), or the upstream router (ordered
 * upstreams, failover, model aliases). The endpoints in front of it stay thin: they check the
 * credential, cap the body, and hand the call over as bytes.
 *
 * <p>An implementation writes the whole answer (status, headers, body) to {@code answer}; a
 * server-sent-event stream is written and flushed as it is produced, never buffered. A client
 * that goes away shows up as an {@link IOException} on write, and the implementation stops
 * (and cancels whatever it was waiting for).
 */
public interface ModelBackend {

    void answer(ModelCall call, HttpServletResponse answer) throws IOException;
}
