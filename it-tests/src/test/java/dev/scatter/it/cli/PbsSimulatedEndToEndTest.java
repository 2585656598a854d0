package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --backend pbs|torque --simulate}: the packaged CLI against an in-process simulated
 * OpenPBS (job history off, as installed) or Torque, as a user runs it: a failing entry, status
 * --json, a retry (a one-task plain job), gather in input order.
 */
class PbsSimulatedEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ScatterCli scatter() {
        return new ScatterCli(dir);
    }

    private JsonNode status() throws IOException {
        var r = scatter().run("status", "--json");
        assertThat(r.exitCode()).as(r.toString()).isIn(0, 1);
        return JSON.readTree(r.stdout());
    }

    @ParameterizedTest(name = "--backend {0} --simulate")
    @CsvSource({"pbs, pbs-pro+sim", "torque, torque+sim"})
    void aFailedEntryIsRetriedAndEverythingGathersInInputOrder(String backend, String recorded) throws IOException {
        var run = scatter().run("run", "--backend", backend, "--simulate", "--range", "1..12", "-c", "2", "--",
                "[ {} != 7 ] || [ -e fixed ] || { echo 'not fixed' >&2; exit 5; }; echo \"out {} $OMP_NUM_THREADS\"");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).contains("1 of 12 entries did not succeed");

        JsonNode s = status();
        assertThat(s.get("backend").asText()).isEqualTo(recorded);
        assertThat(s.get("finished").asBoolean()).isTrue();
        assertThat(s.get("counts").get("SUCCEEDED").asInt()).isEqualTo(11);
        JsonNode failed = s.get("failed").get(0);
        assertThat(failed.get("entry").asInt()).isEqualTo(7);
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("exit_code").asInt()).isEqualTo(5);
        assertThat(scatter().run("logs", "7", "--stderr").stdout()).isEqualTo("not fixed\n");
        // PBS ran the wrapper in $HOME; the wrapper ran the entries here
        Path pbsLogs = dir.resolve(".scatter/runs/1/attempts/1/pbs");
        try (var files = Files.list(pbsLogs)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("PBS's own output per task").hasSize(12)
                    .allMatch(n -> n.matches("\\d+\\[\\d+\\]\\.pbshost\\.OU"));
        }

        Files.writeString(dir.resolve("fixed"), "");
        var retry = scatter().run("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(status().get("all_succeeded").asBoolean()).isTrue();
        var gather = scatter().run("gather");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(gather.stdout()).isEqualTo(IntStream.rangeClosed(1, 12).mapToObj(i -> "out " + i + " 2\n").collect(Collectors.joining()));
        try (var files = Files.list(dir.resolve(".scatter/runs/1/attempts/2/pbs"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the one retried task ran as a plain job")
                    .singleElement().matches(n -> n.matches("\\d+\\.pbshost\\.OU"));
        }
    }

    @ParameterizedTest(name = "--backend {0} --simulate: before, sweep, then")
    @CsvSource({"pbs", "torque"})
    void prepareSweepCollectWithARetryInBetween(String backend) throws IOException {
        var run = scatter().run("run", "--backend", backend, "--simulate", "--before", "echo 5 > base",
                "--then", "echo $(( $(cat out-* | paste -sd+) )) > total", "--range", "1..6", "--chunk", "2", "--",
                "[ {} != 4 ] || [ -e fixed ] || exit 3; echo \"$TMPDIR\" > tmp-{}; echo $(( $(cat base) + {} )) > out-{}");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode s = status();
        assertThat(s.get("steps").get("before").get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(s.get("steps").get("then").get("reason").asText()).contains("held back");
        assertThat(dir.resolve("total")).doesNotExist();

        Files.writeString(dir.resolve("fixed"), "");
        var retry = scatter().run("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(Files.readString(dir.resolve("total")).strip()).isEqualTo(Integer.toString(6 * 5 + 21));
        // every task had its own temporary directory
        assertThat(IntStream.rangeClosed(1, 3).mapToObj(i -> read(dir.resolve("tmp-" + (2 * i)))).distinct()).hasSize(3);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
