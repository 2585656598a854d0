package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --before and --then on the local backend, beyond {@link BackendsEndToEndTest} (which runs a
 * sweep between both steps, with a retry, on every backend): a failed before step, the then step
 * by hand, the shared-output warning.
 */
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
