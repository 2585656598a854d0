package dev.scatter.it.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatter.it.cli.ScatterCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** --before/--then as SLURM dependencies, private TMPDIRs and --task-time, on the real container. */
@RealSlurm
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RealSlurmAroundTheArrayTest {

    @TempDir
    static Path shimDir;

    private static RealSlurmCli cli;

    @BeforeAll
    static void startTheCluster() {
        cli = new RealSlurmCli(SlurmContainer.shared(), shimDir);
    }

    private static ScatterCli scatter(Path dir) {
        return cli.in(dir);
    }

    private static Path directory(TestInfo test) {
        return cli.directory("around-", test);
    }

    private static JsonNode awaitStatus(String what, ScatterCli c, Duration atMost, Predicate<JsonNode> done) {
        return RealSlurmCli.awaitStatus(what, c, atMost, done);
    }

    @Test
    void the_then_job_waits_for_every_array_and_a_retry_releases_it(TestInfo test) throws IOException {
        Path dir = directory(test);
        ScatterCli cli = scatter(dir);
        ScatterCli.Result run = cli.run("run", "--backend", "slurm", "--before", "echo 5 > base",
                "--then", "echo $(( $(cat out-* | paste -sd+) )) > total", "--range", "1..6", "--",
                "[ {} != 4 ] || [ -e fixed ] || exit 3; echo $(( $(cat base) + {} )) > out-{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode first = awaitStatus("the entries to end", cli, Duration.ofSeconds(120), s -> s.path("finished").asBoolean());
        assertThat(first.path("steps").path("before").path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(first.path("counts").path("FAILED").asInt()).isEqualTo(1);
        assertThat(first.path("steps").path("then").path("reason").asText()).contains("held back");
        assertThat(dir.resolve("total")).doesNotExist();

        Files.writeString(dir.resolve("fixed"), "");
        ScatterCli.Result retry = cli.run("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        awaitStatus("the then job to run", cli, Duration.ofSeconds(120), s -> s.path("all_succeeded").asBoolean());
        assertThat(Files.readString(dir.resolve("total")).strip()).isEqualTo(Integer.toString(6 * 5 + 21));
    }

    @Test
    void parallel_tasks_writing_the_same_temp_file_name_do_not_collide(TestInfo test) throws IOException {
        Path dir = directory(test);
        ScatterCli cli = scatter(dir);
        ScatterCli.Result run = cli.run("run", "--backend", "slurm", "--range", "1..4", "--",
                "echo {} > \"$TMPDIR/same-name\"; sleep 2; echo \"$(cat \"$TMPDIR/same-name\") $TMPDIR\"");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        awaitStatus("the run to end", cli, Duration.ofSeconds(120), s -> s.path("finished").asBoolean());
        String gathered = cli.run("gather").stdout();
        assertThat(gathered.lines()).hasSize(4);
        assertThat(gathered.lines().map(l -> l.split(" ")[0])).containsExactly("1", "2", "3", "4");
        assertThat(gathered.lines().map(l -> l.split(" ")[1]).distinct()).hasSize(4);
    }

    @Test
    void task_time_packs_six_hundred_short_entries_into_a_handful_of_tasks(TestInfo test) {
        Path dir = directory(test);
        ScatterCli cli = scatter(dir);
        ScatterCli.Result run = cli.run("run", "--backend", "slurm", "--range", "1..600", "--task-time", "5s", "--wait",
                "--", ": {}; sleep 0.02");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode s = awaitStatus("the run to end", cli, Duration.ofSeconds(30), x -> x.path("all_succeeded").asBoolean());
        assertThat(s.path("task_sizing").asText()).contains("per task");
        assertThat(s.path("tasks").asInt()).as("20 in the first wave, then a handful").isBetween(21, 40);
    }
}
