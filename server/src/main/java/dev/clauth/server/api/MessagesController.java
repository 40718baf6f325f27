package dev.clauth.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import dev.clauth.server.oauth.Scopes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/messages}: the Messages API, answered by the {@link BuiltInModel}, as one JSON
 * message or, with {@code stream: true}, as the API's server-sent events.
 */
@RestController
public class MessagesController {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    public MessagesController(JsonMapper json) {
        this.json = json;
    }

    @PostMapping("/v1/messages")
    void messages(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        caller.requireScope(Scopes.INFERENCE);
        BuiltInModel.Request parsed = BuiltInModel.parse(readBody(request));
        BuiltInModel.Reply reply = BuiltInModel.reply(parsed);
        String id = "msg_" + HexFormat.of().formatHex(randomBytes());
        if (parsed.stream()) {
            stream(response, id, parsed.model(), reply);
        } else {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), message(id, parsed.model(), reply, true));
        }
    }

    private JsonNode readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        try {
            return json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("The request body is not valid JSON.");
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, Object> message(String id, String model, BuiltInModel.Reply reply, boolean complete) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.put("content", complete ? List.of(textBlock(reply.text())) : List.of());
        message.put("stop_reason", complete ? "end_turn" : null);
        message.put("stop_sequence", null);
        message.put("usage", usage(reply.inputTokens(), complete ? reply.outputTokens() : 1));
        return message;
    }

    private static Map<String, Object> textBlock(String text) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    private static Map<String, Object> usage(int input, int output) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", input);
        usage.put("output_tokens", output);
        return usage;
    }

    private void stream(HttpServletResponse response, String id, String model, BuiltInModel.Reply reply)
            throws IOException {
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        OutputStream out = response.getOutputStream();
        event(out, "message_start", Map.of("type", "message_start", "message", message(id, model, reply, false)));
        event(out, "content_block_start",
                Map.of("type", "content_block_start", "index", 0, "content_block", textBlock("")));
        for (String chunk : reply.chunks()) {
            event(out, "content_block_delta", Map.of("type", "content_block_delta", "index", 0, "delta",
                    Map.of("type", "text_delta", "text", chunk)));
        }
        event(out, "content_block_stop", Map.of("type", "content_block_stop", "index", 0));
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("stop_reason", "end_turn");
        delta.put("stop_sequence", null);
        event(out, "message_delta", Map.of("type", "message_delta", "delta", delta, "usage",
                Map.of("output_tokens", reply.outputTokens())));
        event(out, "message_stop", Map.of("type", "message_stop"));
    }

    private void event(OutputStream out, String name, Map<String, Object> data) throws IOException {
        out.write(("event: " + name + "\ndata: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
