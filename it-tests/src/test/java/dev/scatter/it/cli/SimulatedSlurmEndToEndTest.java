package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged CLI with {@code --backend slurm --simulate}: a cluster run tried on this machine. */
class SimulatedSlurmEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ScatterCli scatter() {
        return new ScatterCli(dir);
    }

    private JsonNode status() throws IOException {
        return JSON.readTree(scatter().run("status", "--json", "--all").stdout());
    }

    @Test
    void prepareSweepCollectWithARetryInBetween() throws IOException {
        var run = scatter().run("run", "--backend", "slurm", "--simulate", "--before", "echo 5 > base",
                "--then", "cat out-* | paste -sd+ | bc > total", "--param", "k=1..6", "--chunk", "2", "--",
                "[ {k} != 4 ] || [ -e fixed ] || exit 3; echo $(( $(cat base) + {k} )) > out-{k}");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode s = status();
        assertThat(s.get("backend").asText()).isEqualTo("slurm+sim");
        assertThat(s.get("steps").get("before").get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(s.get("steps").get("then").get("reason").asText()).contains("held back");
        assertThat(dir.resolve("total")).doesNotExist();

        Files.writeString(dir.resolve("fixed"), "");
        var retry = scatter().run("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(Files.readString(dir.resolve("total")).strip()).isEqualTo(Integer.toString(6 * 5 + 21));
        assertThat(status().get("all_succeeded").asBoolean()).isTrue();
    }

    @Test
    void parallelTasksGetTheirOwnTmpdirAndTaskTimeSizesTheRest() throws IOException {
        var tmp = scatter().run("run", "--backend", "slurm", "--simulate", "--range", "1..4", "--",
                "echo {} > \"$TMPDIR/same\"; sleep 1; echo \"$(cat \"$TMPDIR/same\") $TMPDIR\"");
        assertThat(tmp.exitCode()).as(tmp.toString()).isZero();
        String gathered = scatter().run("gather").stdout();
        assertThat(gathered.lines().map(l -> l.split(" ")[0])).containsExactly("1", "2", "3", "4");
        assertThat(gathered.lines().map(l -> l.split(" ")[1]).distinct()).hasSize(4);

        var sized = scatter().run("run", "--backend", "slurm", "--simulate", "--range", "1..600", "--task-time", "2s", "--",
                ": {}; sleep 0.02");
        assertThat(sized.exitCode()).as(sized.toString()).isZero();
        JsonNode s = status();
        assertThat(s.get("task_sizing").asText()).contains("per task");
        assertThat(s.get("tasks").asInt()).isBetween(21, 60);
    }

    @Test
    void aRunOfTwentyFiveHundredEntriesSplitsIntoThreeArraysAndGathersInOrder() {
        var run = scatter().run("run", "--backend", "slurm", "--simulate", "--range", "1..2500", "--", "echo {}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 2500; i++) {
            expected.append(i).append('\n');
        }
        assertThat(scatter().run("gather").stdout()).isEqualTo(expected.toString());
    }
}
