package dev.scatter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.gather.Gatherer;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.testkit.TestRuns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend running real bash workers. */
class LocalBackendTest {

    @TempDir
    Path dir;

    private static LocalBackend machineWith(int cores, int gpus) {
        return new LocalBackend(new LocalMachine(cores, 16_000, 16_000, gpuIds(gpus)));
    }

    private static List<String> gpuIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Integer.toString(i));
        }
        return ids;
    }

    private static RunStatus runToEnd(LocalBackend backend, RunDir run) {
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        return StatusReader.read(run, backend.live(run));
    }

    private static String gather(RunDir run, RunStatus status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Gatherer.gather(run, status, out, false);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsEveryEntryAndGathersInInputOrder() {
        LocalBackend backend = machineWith(2, 0);
        RunDir run = TestRuns.range(dir, backend, "1..50", 7, Resources.defaults(), "echo entry {}; echo err {} >&2");
        RunStatus status = runToEnd(backend, run);
        assertThat(status.allSucceeded()).isTrue();
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            expected.append("entry ").append(i).append('\n');
        }
        assertThat(gather(run, status)).isEqualTo(expected.toString());
        assertThat(new String(Gatherer.entryOutput(run, status.entry(23), true), StandardCharsets.UTF_8)).isEqualTo("err 23\n");
    }

    @Test
    void recordsEachEntrysOwnExitCode() {
        LocalBackend backend = machineWith(2, 0);
        RunDir run = TestRuns.range(dir, backend, "1..6", 3, Resources.defaults(), "exit $(( {} % 3 == 0 ? {} : 0 ))");
        RunStatus status = runToEnd(backend, run);
        assertThat(status.failures()).extracting(EntryStatus::entry).containsExactly(3, 6);
        assertThat(status.entry(6).exitCode()).hasValue(6);
        assertThat(status.entry(4).state()).isEqualTo(EntryState.SUCCEEDED);
    }

    @Test
    void neverRunsMoreTasksThanCoresDividedByCpus() throws IOException {
        LocalBackend backend = machineWith(4, 0);
        Resources twoCpus = new Resources(2, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        Path log = dir.resolve("spans");
        RunDir run = TestRuns.range(dir, backend, "1..12", 1, twoCpus,
                "s=$EPOCHREALTIME; sleep 0.2; echo \"$s $EPOCHREALTIME\" >> " + log);
        assertThat(runToEnd(backend, run).allSucceeded()).isTrue();
        assertThat(maxOverlap(Files.readAllLines(log))).isEqualTo(2);
    }

    @Test
    void maxRunningCapsThePool() throws IOException {
        LocalBackend backend = machineWith(8, 0);
        Resources one = new Resources(1, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.of(1), List.of());
        Path log = dir.resolve("spans");
        RunDir run = TestRuns.range(dir, backend, "1..4", 1, one, "s=$EPOCHREALTIME; sleep 0.1; echo \"$s $EPOCHREALTIME\" >> " + log);
        runToEnd(backend, run);
        assertThat(maxOverlap(Files.readAllLines(log))).isEqualTo(1);
    }

    @Test
    void threadLimitsEqualCpusPerTask() {
        LocalBackend backend = machineWith(4, 0);
        Resources two = new Resources(2, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        RunDir run = TestRuns.range(dir, backend, "1..1", 1, two,
                ": {}; echo $OMP_NUM_THREADS $OPENBLAS_NUM_THREADS $MKL_NUM_THREADS $NUMEXPR_NUM_THREADS $SCATTER_CPUS $SCATTER_ENTRY");
        assertThat(gather(run, runToEnd(backend, run))).isEqualTo("2 2 2 2 2 1\n");
    }

    @Test
    void theWrapperRunsUnderASchedulerArrayIndexAndKeepsTheUsersThreadSettings() throws Exception {
        LocalBackend backend = machineWith(4, 0);
        Resources two = new Resources(2, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        RunDir run = TestRuns.range(dir, backend, "1..10", 4, two, "echo {} $OMP_NUM_THREADS $MKL_NUM_THREADS; exit $(({} == 6))");
        // as SLURM would start array task 1 of the attempt: a fresh bash, the index in the environment
        ProcessBuilder pb = new ProcessBuilder("bash", run.latestAttempt().script().toString()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", "1");
        pb.environment().put("OMP_NUM_THREADS", "7");
        Process p = pb.start();
        String console = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("the task fails because entry 6 failed; console: %s", console).isEqualTo(1);
        RunStatus status = StatusReader.read(run, backend.live(run));
        assertThat(status.entries()).filteredOn(e -> e.state().isFinal()).extracting(EntryStatus::entry)
                .containsExactly(5, 6, 7, 8);
        assertThat(status.entry(6).state()).isEqualTo(EntryState.FAILED);
        assertThat(new String(Gatherer.entryOutput(run, status.entry(5), false), StandardCharsets.UTF_8)).isEqualTo("5 7 2\n");
    }

    @Test
    void parallelTasksWritingTheSameTempFileNameDoNotCollide() {
        LocalBackend backend = machineWith(2, 0);
        RunDir run = TestRuns.range(dir, backend, "1..6", 1, Resources.defaults(),
                "echo {} > \"$TMPDIR/fixed-name\"; sleep 0.3; echo \"$(cat \"$TMPDIR/fixed-name\") $SCATTER_TMPDIR\"");
        RunStatus status = runToEnd(backend, run);
        List<String> lines = gather(run, status).lines().toList();
        assertThat(lines).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(lines.get(i)).startsWith((i + 1) + " ");
        }
        List<Path> dirs = lines.stream().map(l -> Path.of(l.split(" ")[1])).distinct().toList();
        assertThat(dirs).as("one private directory per worker").hasSize(2);
        assertThat(dirs).allSatisfy(d -> assertThat(d).doesNotExist());
    }

    @Test
    void keepTmpKeepsTheTaskDirectories() {
        LocalBackend backend = machineWith(1, 0);
        RunDir run = TestRuns.range(dir, backend, "1..1", 1, Resources.defaults(), true, ": {}; touch \"$TMPDIR/kept\"; echo $TMPDIR");
        Path tmp = Path.of(gather(run, runToEnd(backend, run)).strip());
        assertThat(tmp.resolve("kept")).exists();
    }

    @Test
    void eachSlotGetsItsOwnGpus() {
        LocalBackend backend = machineWith(4, 4);
        Resources twoGpus = new Resources(1, Optional.empty(), Optional.empty(), 2, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        RunDir run = TestRuns.range(dir, backend, "1..8", 1, twoGpus, ": {}; sleep 0.1; echo $CUDA_VISIBLE_DEVICES");
        assertThat(gather(run, runToEnd(backend, run)).lines().distinct().sorted()).containsExactly("0,1", "2,3");
    }

    @Test
    void aTaskOverItsTimeLimitIsKilledAsTimeout() {
        LocalBackend backend = machineWith(2, 0);
        RunDir run = TestRuns.range(dir, backend, "1..3", 3, Resources.defaults().withTime(TimeLimit.parse("1s", "--time")),
                "if [ {} = 2 ]; then sleep 30; fi; echo done {}");
        long start = System.nanoTime();
        RunStatus status = runToEnd(backend, run);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
        assertThat(status.entry(1).state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(status.entry(2).state()).isEqualTo(EntryState.TIMEOUT);
        assertThat(status.entry(2).detail()).contains("time limit 00:00:01 exceeded");
        assertThat(status.entry(3).state()).isEqualTo(EntryState.TIMEOUT);
        assertThat(status.entry(3).detail()).contains("before this entry began");
        assertThat(noProcessLeft("sleep 30")).isTrue();
    }

    @Test
    void aTaskOverItsMemoryIsKilledAsOutOfMemory() {
        LocalBackend backend = machineWith(2, 0);
        RunDir run = TestRuns.range(dir, backend, "1..2", 1, Resources.defaults().withMemory(MemorySize.parse("100M", "--mem")),
                "if [ {} = 2 ]; then python3 -c 'import time; b = bytearray(400 * 1024 * 1024); time.sleep(30)'; fi");
        RunStatus status = runToEnd(backend, run);
        assertThat(status.entry(1).state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(status.entry(2).state()).isEqualTo(EntryState.OUT_OF_MEMORY);
        assertThat(status.entry(2).detail()).startsWith("memory limit 100M exceeded");
    }

    @Test
    void aWorkerThatDiesLeavesItsEntryLostAndTheRunGoesOn() {
        LocalBackend backend = machineWith(1, 0);
        RunDir run = TestRuns.range(dir, backend, "1..3", 1, Resources.defaults(), "if [ {} = 2 ]; then kill -9 $$; fi; echo {}");
        RunStatus status = runToEnd(backend, run);
        assertThat(status.entry(2).state()).isEqualTo(EntryState.LOST);
        assertThat(status.entry(3).state()).isEqualTo(EntryState.SUCCEEDED);
    }

    @Test
    void refusesMoreCpusThanTheMachineHas() {
        Resources big = new Resources(3, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        assertThatThrownBy(() -> machineWith(2, 0).check(big)).isInstanceOf(UsageException.class)
                .hasMessageContaining("-c 3").hasMessageContaining("has 2");
    }

    /** The largest number of [start, end] spans alive at one moment. */
    static int maxOverlap(List<String> spans) {
        List<double[]> events = new ArrayList<>();
        for (String s : spans) {
            String[] f = s.trim().split(" ");
            events.add(new double[] {Double.parseDouble(f[0]), 1});
            events.add(new double[] {Double.parseDouble(f[1]), -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (double[] e : events) {
            now += (int) e[1];
            max = Math.max(max, now);
        }
        return max;
    }

    private static boolean noProcessLeft(String commandLine) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.noneMatch(p -> p.info().commandLine().orElse("").contains(commandLine));
        }
    }
}
