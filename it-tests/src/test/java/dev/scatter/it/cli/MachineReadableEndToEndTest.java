package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scripts read: run --parsable, runs --json, logs --json (docs/json.md). */
class MachineReadableEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void parsableRunsJsonAndLogsJson() throws Exception {
        ScatterCli cli = new ScatterCli(dir);
        ScatterCli.Result first = cli.run("run", "--parsable", "--range", "1..3", "--", "echo out-{}; echo err-{} >&2; [ {} != 2 ]");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
        assertThat(first.stdout()).isEqualTo("1\n");
        assertThat(first.stderr()).contains("run 1: 3 entries");

        ScatterCli.Result simulated = cli.run("run", "--parsable", "--backend", "slurm", "--simulate", "--name", "sim",
                "--range", "1..2", "--", "true");
        assertThat(simulated.exitCode()).as(simulated.toString()).isZero();
        assertThat(simulated.stdout()).isEqualTo("2\n");

        JsonNode runs = JSON.readTree(cli.run("runs", "--json").stdout());
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("run").asText()).isEqualTo("2");
        assertThat(runs.get(0).path("name").asText()).isEqualTo("sim");
        assertThat(runs.get(0).path("all_succeeded").asBoolean()).isTrue();
        JsonNode one = runs.get(1);
        assertThat(one.path("backend").asText()).isEqualTo("local");
        assertThat(one.path("entries").asInt()).isEqualTo(3);
        assertThat(one.path("succeeded").asInt()).isEqualTo(2);
        assertThat(one.path("failed").asInt()).isEqualTo(1);
        assertThat(Path.of(one.path("dir").asText())).isEqualTo(dir.resolve(".scatter/runs/1"));

        ScatterCli.Result logs = cli.run("logs", "1", "--entries", "2", "--stderr", "--json");
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        JsonNode entry = JSON.readTree(logs.stdout());
        assertThat(entry.path("run").asText()).isEqualTo("1");
        assertThat(entry.path("entry").asInt()).isEqualTo(2);
        assertThat(entry.path("state").asText()).isEqualTo("FAILED");
        assertThat(entry.path("exit_code").asInt()).isEqualTo(1);
        assertThat(entry.path("stream").asText()).isEqualTo("stderr");
        assertThat(entry.path("output").asText()).isEqualTo("err-2\n");
        assertThat(entry.path("bytes").asInt()).isEqualTo(6);
    }

    @Test
    void noRunsIsAnEmptyArray() throws Exception {
        ScatterCli.Result r = new ScatterCli(dir).run("runs", "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(JSON.readTree(r.stdout())).isEmpty();
    }
}
