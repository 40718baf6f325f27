package dev.clauth.core.testing;

import dev.clauth.core.testing.StandInServer.Reply;
import java.io.IOException;
import java.util.List;

/**
 * A loopback API that answers every message request, first party or through a cloud provider's path,
 * with {@code You said: …}, and records what reached it. Which credential to accept is the test's
 * business: by default anything is answered 200, so that tests look at the headers that arrived.
 */
public final class RecordingApi implements AutoCloseable {

    public static final String MODEL = "claude-sonnet-4-5";
    public static final String BEDROCK_PATH = "/model/" + MODEL + "/invoke";
    public static final String FOUNDRY_PATH = "/anthropic/v1/messages";
    public static final String VERTEX_PROJECT = "clauth-test-project";
    public static final String VERTEX_REGION = "us-east5";
    public static final String VERTEX_PATH = "/v1/projects/" + VERTEX_PROJECT + "/locations/" + VERTEX_REGION
            + "/publishers/anthropic/models/" + MODEL + ":rawPredict";
    public static final List<String> MESSAGE_PATHS = List.of("/v1/messages", BEDROCK_PATH, FOUNDRY_PATH, VERTEX_PATH);

    public final StandInServer http;

    public RecordingApi() throws IOException {
        http = new StandInServer();
        MESSAGE_PATHS.forEach(path -> http.on("POST", path, r -> answer()));
    }

    public static Reply answer() {
        return Reply.json(200, """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"You said: hello"}],"stop_reason":"end_turn",
                 "stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":3}}""");
    }

    public static Reply error(int status, String type) {
        return Reply.json(status, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"refused\"}}");
    }

    public String base() {
        return http.base();
    }

    /** The message requests that arrived, on any of the paths. */
    public List<StandInServer.Request> messages() {
        return http.requests.stream().filter(r -> MESSAGE_PATHS.contains(r.path())).toList();
    }

    @Override
    public void close() {
        http.close();
    }
}
