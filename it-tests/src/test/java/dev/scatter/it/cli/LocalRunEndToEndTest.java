package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged CLI on the local backend, run as a user runs it. */
class LocalRunEndToEndTest {

    @TempDir
    Path dir;

    private ScatterCli scatter() {
        return new ScatterCli(dir);
    }

    @Test
    void aThousandRowCsvInChunksGathersInInputOrderWithOneHeader() throws IOException {
        StringBuilder csv = new StringBuilder("id,x\n");
        StringBuilder expected = new StringBuilder("id,square\n");
        for (int i = 1; i <= 1000; i++) {
            csv.append("s").append(i).append(',').append(i).append('\n');
            expected.append('s').append(i).append(',').append((long) i * i).append('\n');
        }
        Files.writeString(dir.resolve("samples.csv"), csv);
        var run = scatter().run("run", "--csv", "samples.csv", "--chunk", "37", "--",
                "printf 'id,square\\n%s,%s\\n' {id} $(( {x} * {x} ))");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("all 1000 entries succeeded");
        var gather = scatter().run("gather", "--csv");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(gather.stdout()).isEqualTo(expected.toString());
        var toFile = scatter().run("gather", "--csv", "-o", "all.csv");
        assertThat(toFile.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("all.csv"))).isEqualTo(expected.toString());
        // files grow with tasks, not entries: 28 tasks × (out, err, res) plus a handful
        try (Stream<Path> files = Files.walk(dir.resolve(".scatter"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isLessThan(28 * 3 + 15);
        }
    }

    @Test
    void failedEntriesShowInTheExitCodeStatusAndGather() throws IOException {
        var run = scatter().run("run", "--range", "1..20", "--chunk", "3", "--",
                "if [ $(({} % 7)) = 0 ]; then echo \"cannot fit {}\" >&2; exit 4; fi; echo {}");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).contains("18 succeeded").contains("2 failed");

        var status = scatter().run("status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.stdout()).contains("FAILED         2").contains("7  FAILED: exit 4").contains("| cannot fit 14");

        JsonNode json = new ObjectMapper().readTree(scatter().run("status", "--json").stdout());
        assertThat(json.get("counts").get("SUCCEEDED").asInt()).isEqualTo(18);
        List<Integer> failed = new ArrayList<>();
        json.get("failed").forEach(f -> {
            failed.add(f.get("entry").asInt());
            assertThat(f.get("exit_code").asInt()).isEqualTo(4);
            assertThat(f.get("stderr_tail").asText()).isEqualTo("cannot fit " + f.get("entry").asInt());
        });
        assertThat(failed).containsExactly(7, 14);

        var gather = scatter().run("gather");
        assertThat(gather.exitCode()).isEqualTo(1);
        assertThat(gather.stderr()).contains("2 of 20 entries not gathered").contains("7  FAILED");
        assertThat(gather.stdout().lines()).hasSize(18).doesNotContain("7", "14");
        assertThat(scatter().run("gather", "--allow-missing").exitCode()).isZero();

        var logs = scatter().run("logs", "-e", "14", "--stderr");
        assertThat(logs.stdout()).isEqualTo("cannot fit 14\n");
    }

    @Test
    void theThreadGuardIsVisibleInsideATaskAndTheUsersSettingWins() {
        var guarded = scatter().run("run", "--range", "1..2", "-c", "2", "--",
                ": {}; echo $OMP_NUM_THREADS $OPENBLAS_NUM_THREADS $MKL_NUM_THREADS");
        assertThat(guarded.exitCode()).as(guarded.toString()).isZero();
        assertThat(scatter().run("gather").stdout()).isEqualTo("2 2 2\n2 2 2\n");

        var mine = new ScatterCli(dir, Map.of("OMP_NUM_THREADS", "5"))
                .run("run", "--range", "1..1", "--", ": {}; echo $OMP_NUM_THREADS $OPENBLAS_NUM_THREADS");
        assertThat(mine.exitCode()).isZero();
        assertThat(scatter().run("gather").stdout()).isEqualTo("5 1\n");

        scatter().run("run", "--range", "1..1", "--no-thread-guard", "--", ": {}; echo \"[${OPENBLAS_NUM_THREADS-unset}]\"");
        assertThat(scatter().run("gather").stdout()).isEqualTo("[unset]\n");
    }

    @Test
    void hostileEntriesArriveIntactAndNeverRun() throws IOException {
        List<String> hostile = List.of("a b", "it's", "$(touch pwned1)", "`touch pwned2`", ";touch pwned3", "ünïcödé ☃",
                "x > pwned4", "\"quoted\"", "back\\slash", "*", "--help", "tab\there");
        Files.write(dir.resolve("hostile.txt"), hostile, StandardCharsets.UTF_8);
        // a shell line and an argv command, both
        var line = scatter().run("run", "-i", "hostile.txt", "--", "printf '[%s]\\n' {}");
        assertThat(line.exitCode()).as(line.toString()).isZero();
        assertThat(scatter().run("gather").stdout().lines()).containsExactlyElementsOf(hostile.stream().map(h -> "[" + h + "]").toList());
        var argv = scatter().run("run", "-i", "hostile.txt", "--", "printf", "<%s>\\n", "{}");
        assertThat(argv.exitCode()).as(argv.toString()).isZero();
        assertThat(scatter().run("gather").stdout().lines()).containsExactlyElementsOf(hostile.stream().map(h -> "<" + h + ">").toList());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
        }
    }

    @Test
    void csvFieldsWithNewlinesAndQuotesArriveIntact() throws IOException {
        Files.writeString(dir.resolve("notes.csv"), "id,note\n1,\"two\nlines\"\n2,\"say \"\"$(id)\"\"\"\n");
        var run = scatter().run("run", "--csv", "notes.csv", "--", "printf '%s=%s|' {id} {note}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(scatter().run("gather").stdout()).isEqualTo("1=two\nlines|2=say \"$(id)\"|");
    }

    @Test
    void stdinInputsPlaceholdersAndTheRunsList() {
        var run = scatter().runWithStdin("data/a.tar.gz\n\ndata/b.txt\n", "run", "-i", "-", "--name", "parts", "--",
                "echo {#} {} {.} {/} {//} {/.}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("1 empty lines skipped");
        assertThat(scatter().run("gather", "parts").stdout())
                .isEqualTo("1 data/a.tar.gz data/a.tar a.tar.gz data a.tar\n2 data/b.txt data/b b.txt data b\n");
        assertThat(scatter().run("runs").stdout()).contains("parts").contains("done");
    }

    @Test
    void aGridOfParametersRunsEveryCombination() {
        var run = scatter().run("run", "--param", "k=1,2,3", "--param", "metric=l1,l2", "--",
                "echo", "k={k}", "metric={metric}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(scatter().run("gather").stdout().lines()).containsExactly("k=1 metric=l1", "k=1 metric=l2",
                "k=2 metric=l1", "k=2 metric=l2", "k=3 metric=l1", "k=3 metric=l2");
    }

    @Test
    void aGlobRunsOncePerFileAndPipesWork() throws IOException {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/b.txt"), "3\n1\n2\n");
        Files.writeString(dir.resolve("in/a.txt"), "z\ny\n");
        var run = scatter().run("run", "--glob", "in/*.txt", "--", "sort {} > {.}.sorted && wc -l < {.}.sorted");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(dir.resolve("in/b.sorted"))).isEqualTo("1\n2\n3\n");
        assertThat(scatter().run("gather").stdout()).isEqualTo("2\n3\n");
    }

    @Test
    void dryRunPrintsThePlanWrapperAndEnvironmentAndWritesNothing() {
        var dry = scatter().run("run", "--range", "1..250", "--chunk", "100", "-c", "2", "--dry-run", "--", "echo");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stdout()).contains("entries: 250").contains("tasks:   3 (chunk 100)").contains("task 2: entries 201-250")
                .contains("entry 1: echo 1").contains("OMP_NUM_THREADS=2").contains("#!/bin/bash").contains("__sc_run_task");
        assertThat(dir.resolve(".scatter")).doesNotExist();
    }

    @Test
    void aMissingInputFileIsExitTwoWithOneLine() {
        var bad = scatter().run("run", "-i", "nope.txt", "--", "echo");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr().strip()).startsWith("scatter: --inputs nope.txt: no such file").doesNotContain("\n");
        assertThat(dir.resolve(".scatter")).doesNotExist();
    }
}
