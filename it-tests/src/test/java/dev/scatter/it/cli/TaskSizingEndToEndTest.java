package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --task-time and status --resources on the local backend. */
class TaskSizingEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sixHundredShortEntriesBecomeAHandfulOfTasksNearTheTargetDuration() throws IOException {
        var scatter = new ScatterCli(dir);
        var dry = scatter.run("run", "--range", "1..600", "--task-time", "1s", "--dry-run", "--", ": {}; sleep 0.02");
        assertThat(dry.stdout()).contains("these 20 entries are a first wave");

        var run = scatter.run("run", "--range", "1..600", "--task-time", "1s", "--", ": {}; sleep 0.02");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode status = JSON.readTree(scatter.run("status", "--json", "--all").stdout());
        assertThat(status.get("task_sizing").asText()).contains("run").contains("per task");
        // tasks of the sized attempt: their span from the first begin to the last end
        Map<Integer, double[]> spans = new HashMap<>();
        for (JsonNode e : status.get("entry_states")) {
            if (e.get("attempt").asInt() == 2) {
                spans.merge(e.get("task").asInt(), new double[] {e.get("start").asDouble(), e.get("end").asDouble()},
                        (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        assertThat(spans.size()).as("580 entries in a handful of tasks").isBetween(6, 40);
        List<Double> full = new ArrayList<>();
        spans.forEach((task, s) -> {
            if (task < spans.size() - 1) {   // the last task holds the remainder
                full.add(s[1] - s[0]);
            }
        });
        full.sort(null);
        assertThat(full.get(full.size() / 2)).as("median task duration, target 1 s").isBetween(0.5, 2.0);
    }

    @Test
    void aTargetLongerThanAllTheWorkStillGivesEverySlotTwoTasks() throws IOException {
        var scatter = new ScatterCli(dir);
        // 2 slots here (2 cores, -c 1): before, the 100 entries after the wave went into one task
        var run = scatter.run("run", "--range", "1..120", "--task-time", "1h", "--", ": {}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode status = JSON.readTree(scatter.run("status", "--json", "--all").stdout());
        java.util.Set<Integer> tasks = new java.util.HashSet<>();
        for (JsonNode e : status.get("entry_states")) {
            if (e.get("attempt").asInt() == 2) {
                tasks.add(e.get("task").asInt());
            }
        }
        assertThat(tasks.size()).as("at least two tasks per slot for the 100 sized entries").isGreaterThanOrEqualTo(4);
        assertThat(status.get("task_sizing").asText()).contains("time limit of 02:00:00");
    }

    @Test
    void statusResourcesComparesUseWithTheRequest() throws IOException {
        var scatter = new ScatterCli(dir);
        var run = scatter.run("run", "--range", "1..4", "--mem", "1G", "-t", "10", "--",
                "python3 -c 'import time; b = bytearray({} * 30 * 1024 * 1024); time.sleep(0.5)'");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        var text = scatter.run("status", "--resources");
        assertThat(text.stdout()).contains("runtime per entry").contains("asked -t 00:10:00")
                .containsPattern("memory +asked 1\\.0 GB, used at most 1\\d\\d MB \\(1\\d %\\): next time --mem [23]00M")
                .contains("to ask next time");
        JsonNode r = JSON.readTree(scatter.run("status", "--json", "--resources").stdout()).get("resources");
        assertThat(r.get("entries_measured").asInt()).isEqualTo(4);
        assertThat(r.get("max_task_peak_bytes").asLong()).as("entry 4 holds 120 MB").isGreaterThan(110L << 20);
        assertThat(r.get("median_entry_seconds").asDouble()).isGreaterThan(0.4);
    }
}
