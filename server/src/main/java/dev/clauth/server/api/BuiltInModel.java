package dev.clauth.server.api;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The deterministic model that answers when no upstream is configured: one text block,
 * {@code You said: <text of the last user message>}. It also validates the request the way the
 * Messages API does, so a malformed request fails here with {@code invalid_request_error}.
 */
public final class BuiltInModel {

    /** A checked request: what the reply depends on. */
    public record Request(String model, int maxTokens, boolean stream, String lastUserText, int inputTokens) {
    }

    /** The answer: its text and what it cost. */
    public record Reply(String text, int inputTokens, int outputTokens) {

        /** The text in a few pieces, as a stream sends it. */
        public List<String> chunks() {
            List<String> chunks = new ArrayList<>();
            int start = 0;
            for (int i = 1; i <= text.length(); i++) {
                if (i == text.length() || (text.charAt(i) == ' ' && i - start >= 8)) {
                    chunks.add(text.substring(start, i));
                    start = i;
                }
            }
            return chunks.isEmpty() ? List.of("") : chunks;
        }
    }

    public static Request parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidRequest("The request body must be a JSON object.");
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isString() || model.stringValue().isBlank()) {
            throw ApiException.invalidRequest("model: Field required");
        }
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens == null || !maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.intValue() < 1) {
            throw ApiException.invalidRequest("max_tokens: Field required, a positive integer");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw ApiException.invalidRequest("stream: Input should be a valid boolean");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalidRequest("messages: Field required, at least one message");
        }
        StringBuilder all = new StringBuilder(text(body.get("system"), "system"));
        String lastUser = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.isObject() && message.get("role") != null ? message.get("role").asString() : "";
            if (!role.equals("user") && !role.equals("assistant")) {
                throw ApiException.invalidRequest("messages." + i + ".role: Input should be 'user' or 'assistant'");
            }
            String text = text(message.get("content"), "messages." + i + ".content");
            all.append(text);
            if (role.equals("user")) {
                lastUser = text;
            }
        }
        if (lastUser == null) {
            throw ApiException.invalidRequest("messages: at least one message must have the user role");
        }
        return new Request(model.stringValue(), maxTokens.intValue(), stream != null && stream.asBoolean(), lastUser,
                tokens(all.toString()));
    }

    public static Reply reply(Request request) {
        String text = "You said: " + request.lastUserText();
        return new Reply(text, request.inputTokens(), tokens(text));
    }

    /** Text of a content value: a string, or the text blocks of a block list. */
    private static String text(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            if (field.equals("system")) {
                return "";
            }
            throw ApiException.invalidRequest(field + ": Field required");
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw ApiException.invalidRequest(field + ": Input should be a string or a list of content blocks");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            if (!block.isObject() || block.get("type") == null || !block.get("type").isString()) {
                throw ApiException.invalidRequest(field + "." + i + ".type: Field required");
            }
            if ("text".equals(block.get("type").stringValue())) {
                JsonNode value = block.get("text");
                if (value == null || !value.isString()) {
                    throw ApiException.invalidRequest(field + "." + i + ".text: Field required");
                }
                text.append(text.isEmpty() ? "" : "\n").append(value.stringValue());
            }
        }
        return text.toString();
    }

    /** A rough, deterministic token count: about four characters a token. */
    static int tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
