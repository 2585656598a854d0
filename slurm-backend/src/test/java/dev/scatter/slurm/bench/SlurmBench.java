package dev.scatter.slurm.bench;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.grid.Submissions;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.AutoChunk;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.spi.ProcessCommandRunner;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.testkit.RecordingRunner;
import dev.scatter.core.testkit.TestRuns;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import dev.scatter.slurm.SlurmBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Measures the SLURM backend (run by {@code bench/slurm-bench}; not a test): scheduler calls and
 * client wall time to submit 100,000 entries, one status poll on that run, and the makespan of
 * 2,000 short entries with {@code --chunk 1} against {@code --chunk auto}.
 *
 * <pre>
 * SlurmBench sim  DIR        the simulator in-process (8 cores declared, real processes)
 * SlurmBench path DIR        whatever sbatch/squeue/… are on PATH (a real cluster, or shims to a container)
 * </pre>
 */
public final class SlurmBench {

    private final String target;
    private final Path dir;
    private final CommandRunner base;
    private final Simulator sim;

    private SlurmBench(String target, Path dir) {
        this.target = target;
        this.dir = dir;
        if (target.equals("sim")) {
            sim = Simulator.start(SimConfig.builder(Scheduler.SLURM).coresPerNode(8).memoryMbPerNode(16000)
                    .minJobAge(Duration.ofSeconds(30)).spoolDir(dir.resolve("spool")).build());
            base = new SimulatedCommandRunner(sim);
        } else {
            sim = null;
            base = new ProcessCommandRunner();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !Set.of("sim", "path").contains(args[0])) {
            System.err.println("usage: SlurmBench sim|path DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        SlurmBench bench = new SlurmBench(args[0], dir);
        try {
            bench.submission(100_000, 10);
            bench.submission(100_000, 0);
            bench.makespan(2_000, 1);
            bench.makespan(2_000, 0);
        } finally {
            if (bench.sim != null) {
                bench.sim.close();
            }
        }
        System.exit(0);
    }

    private GridBackend backend(CommandRunner runner) {
        return SlurmBackend.create(runner, GridTuning.cluster().withPollFloor(Duration.ofMillis(200)));
    }

    private int chunk(GridBackend backend, Path workdir, int entries, int chunk) {
        return chunk > 0 ? chunk : AutoChunk.chunk(entries, backend.limits(workdir, Resources.defaults()));
    }

    /** Submits {@code entries} entries of {@code true}, polls once, then cancels everything. */
    private void submission(int entries, int requestedChunk) throws Exception {
        RecordingRunner calls = new RecordingRunner(base);
        GridBackend backend = backend(calls);
        Path workdir = Files.createDirectories(dir.resolve("submit-" + entries + "-" + requestedChunk));
        int chunk = chunk(backend, workdir, entries, requestedChunk);
        RunDir run = TestRuns.range(workdir, backend, "1.." + entries, chunk, Resources.defaults(), ": {}");
        int before = calls.size();
        long t0 = System.nanoTime();
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        double submitSeconds = seconds(t0);
        int submitCalls = calls.size() - before;
        long sbatch = calls.count("sbatch");
        int arrays = Submissions.read(run.latestAttempt()).with(Submissions.Status.SUBMITTED).size();

        before = calls.size();
        t0 = System.nanoTime();
        RunStatus s = StatusReader.read(run, backend.live(run));
        double pollSeconds = seconds(t0);
        int pollCalls = calls.size() - before;
        report("submit %,d entries, chunk %s%d: %,d tasks in %d arrays; %d scheduler calls (%d sbatch), %.2f s client time",
                entries, requestedChunk == 0 ? "auto=" : "", chunk, run.latestAttempt().spec().taskCount(), arrays, submitCalls,
                sbatch, submitSeconds);
        report("  status of that run: %.2f s, %d scheduler call(s) per poll (%s); %d queued, %d running, %d done",
                pollSeconds, pollCalls, String.join(", ", calls.calls().subList(calls.size() - pollCalls, calls.size())
                        .stream().map(a -> a.get(0).replaceAll(".*/", "")).toList()),
                s.count(dev.scatter.core.model.EntryState.QUEUED), s.count(dev.scatter.core.model.EntryState.RUNNING),
                (int) s.entries().stream().filter(e -> e.state().isFinal()).count());
        Set<Integer> all = new HashSet<>();
        IntStream.range(0, run.latestAttempt().spec().taskCount()).forEach(all::add);
        backend.cancel(run, run.latestAttempt(), all);
    }

    /** Runs {@code entries} entries of {@code sleep 0.05} to the end; reports the makespan. */
    private void makespan(int entries, int requestedChunk) throws Exception {
        RecordingRunner calls = new RecordingRunner(base);
        GridBackend backend = backend(calls);
        Path workdir = Files.createDirectories(dir.resolve("makespan-" + entries + "-" + requestedChunk));
        int chunk = chunk(backend, workdir, entries, requestedChunk);
        RunDir run = TestRuns.range(workdir, backend, "1.." + entries, chunk, Resources.defaults(), ": {}; sleep 0.05");
        long t0 = System.nanoTime();
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        RunStatus s;
        int polls = 0;
        do {
            Thread.sleep(200);
            s = StatusReader.read(run, backend.live(run));
            polls++;
        } while (!s.finished());
        report("makespan %,d x sleep 0.05, chunk %s%d (%,d tasks): %.1f s, all succeeded: %s; %d polls, %d scheduler calls",
                entries, requestedChunk == 0 ? "auto=" : "", chunk, run.latestAttempt().spec().taskCount(), seconds(t0),
                s.allSucceeded(), polls, calls.size());
    }

    private void report(String format, Object... args) {
        System.out.println("[" + target + "] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
