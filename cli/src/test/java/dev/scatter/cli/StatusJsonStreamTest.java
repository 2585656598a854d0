package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatter.core.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --json} is written as it goes, one entry at a time ({@link StatusReport#writeJson}),
 * and reads as the one pretty-printed document it was when it was built as a tree: same layout
 * (it re-prints unchanged), every entry in input order with its input intact, the failures with
 * their stderr, and the resources last.
 */
class StatusJsonStreamTest {

    private static final List<String> INPUTS = List.of("a b", "\"quoted\" 'single'", "$(touch pwned)", "ünï cødé ✓", "fails");

    @Test
    void everyEntryInOrderInOnePrettyDocument(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("in.txt"), INPUTS, StandardCharsets.UTF_8);
        PlainCli.Answer run = PlainCli.run(dir, "run", "--backend", "local", "--wait", "-i", "in.txt", "--", "sh", "-c",
                "echo \"$1\"; [ \"$1\" != fails ] || { echo broke >&2; exit 3; }", "_", "{}");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);

        PlainCli.Answer status = PlainCli.run(dir, "status", "--json", "--all", "--resources");
        assertThat(status.exit()).isEqualTo(1);
        JsonNode doc = Json.parse(status.out());
        assertThat(Json.pretty(doc).strip()).isEqualTo(status.out());
        List<String> fields = new ArrayList<>();
        doc.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).startsWith("run").endsWith("failed", "entry_states", "resources");

        List<String> inputs = new ArrayList<>();
        doc.get("entry_states").forEach(e -> inputs.add(e.get("input").asText()));
        assertThat(inputs).containsExactlyElementsOf(INPUTS);
        assertThat(doc.get("entry_states").get(0).get("entry").asInt()).isEqualTo(1);
        assertThat(doc.get("failed")).hasSize(1);
        assertThat(doc.get("failed").get(0).get("input").asText()).isEqualTo("fails");
        assertThat(doc.get("failed").get(0).get("stderr_tail").asText()).isEqualTo("broke");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }
}
