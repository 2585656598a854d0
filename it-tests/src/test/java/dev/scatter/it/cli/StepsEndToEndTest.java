package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --before and --then around the array, on the local backend, as a user runs them. */
class StepsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ScatterCli scatter() {
        return new ScatterCli(dir);
    }

    private JsonNode status() throws IOException {
        return JSON.readTree(scatter().run("status", "--json").stdout());
    }

    @Test
    void prepareSweepCollect() throws IOException {
        var run = scatter().run("run", "--before", "mkdir -p out && echo 10 > out/base",
                "--then", "cat out/result-* | sort -n | paste -sd+ | bc > total",
                "--param", "k=1..5", "--param", "scale=1,2", "--",
                "echo $(( $(cat out/base) + {k} * {scale} )) > out/result-{#}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // base 10 for each of 10 points, plus (1+2+3+4+5) * (1+2)
        assertThat(Files.readString(dir.resolve("total")).strip()).isEqualTo(Integer.toString(10 * 10 + 15 * 3));
        JsonNode s = status();
        assertThat(s.get("steps").get("before").get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(s.get("steps").get("then").get("state").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aFailedEntryHoldsTheThenStepBackUntilARetrySucceeds() throws IOException {
        var run = scatter().run("run", "--then", "ls done-* | wc -l > collected", "--range", "1..4", "--",
                "[ {} != 3 ] || [ -e fixed ] || exit 5; touch done-{}");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(dir.resolve("collected")).doesNotExist();
        JsonNode then = status().get("steps").get("then");
        assertThat(then.get("state").asText()).isIn("PENDING", "QUEUED");
        assertThat(then.get("reason").asText()).contains("held back: 1 entries did not succeed");
        assertThat(scatter().run("status").stdout()).contains("then step: held back");

        Files.writeString(dir.resolve("fixed"), "");
        var retry = scatter().run("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(Files.readString(dir.resolve("collected")).strip()).isEqualTo("4");
        assertThat(status().get("steps").get("then").get("state").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aFailedBeforeStepStartsNoEntryAndARetryRunsItAgain() throws IOException {
        var run = scatter().run("run", "--before", "[ -e ready ] || { echo 'no input data' >&2; exit 7; }",
                "--range", "1..3", "--", "echo {} >> ran");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("before step FAILED: exit 7").contains("the entries were not started");
        assertThat(dir.resolve("ran")).doesNotExist();
        assertThat(scatter().run("logs", "--before", "--stderr").stdout()).isEqualTo("no input data\n");
        assertThat(status().get("steps").get("before").get("exit_code").asInt()).isEqualTo(7);

        Files.writeString(dir.resolve("ready"), "");
        var retry = scatter().run("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void thenRunsByHandAndItsOutputIsInLogs() throws IOException {
        var run = scatter().run("run", "--then", "echo collected", "--range", "1..2", "--", "exit $(({} - 1))");
        assertThat(run.exitCode()).isEqualTo(1);
        var then = scatter().run("then");
        assertThat(then.exitCode()).as(then.toString()).isZero();
        assertThat(scatter().run("logs", "--then").stdout()).isEqualTo("collected\n");
    }

    @Test
    void warnsWhenEveryEntryWritesTheSameFile() {
        var run = scatter().run("run", "--range", "1..2", "--", "echo {} > out.txt");
        assertThat(run.stderr()).contains("warning: every entry writes to out.txt").contains("out-{#}.txt");
    }
}
