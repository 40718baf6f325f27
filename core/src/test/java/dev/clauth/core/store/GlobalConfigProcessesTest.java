package dev.clauth.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes writing {@code .claude.json} at once (four prompts recording answers about keys): every
 * write is a read-modify-write under the config dir's lock, so none loses another's keys, and the other keys
 * of the file survive.
 */
class GlobalConfigProcessesTest {

    @TempDir
    Path home;

    @Test
    void fourProcessesWritingAtOnceLoseNothing() throws Exception {
        Path config = home.resolve("config");
        Files.createDirectories(config);
        Files.writeString(config.resolve(".claude.json"), "{\"numStartups\":7,\"projects\":{\"/src\":{}}}");
        Map<String, String> env = Map.of("HOME", home.toString(), "CLAUDE_CONFIG_DIR", config.toString());
        List<Process> children = new ArrayList<>();
        for (String who : List.of("a", "b", "c", "d")) {
            children.add(ChildJava.start(env, RecordKeysMain.class, who, "25"));
        }
        for (Process child : children) {
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("a child finished (safety net)").isTrue();
            assertThat(new String(child.getInputStream().readAllBytes())).contains("done");
        }
        JsonNode file = new ObjectMapper().readTree(config.resolve(".claude.json").toFile());
        Set<String> approved = new HashSet<>();
        file.path("customApiKeyResponses").path("approved").forEach(n -> approved.add(n.asText()));
        assertThat(approved).hasSize(100);
        assertThat(file.path("numStartups").asInt()).isEqualTo(7);
        assertThat(file.path("projects").has("/src")).isTrue();
    }
}
