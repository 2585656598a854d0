package dev.scatter.sim.backend;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.io.Json;
import dev.scatter.core.io.ProcessMarker;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendLimits;
import dev.scatter.core.spi.LiveView;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code --backend slurm --simulate}: the cluster backend, unchanged, against a simulated cluster
 * that lives inside this scatter process ({@code simulator} module, in-process). The run is
 * submitted and followed here until it ends. Another scatter process cannot reach that cluster:
 * it reads the ledger only (a marker file says whether the simulating process still lives), and
 * {@code resume}/{@code retry} start a fresh simulated cluster of their own.
 */
public final class SimulatedBackend implements Backend {

    /** Added to the backend's name in the run spec: {@code slurm+sim}. */
    public static final String SUFFIX = "+sim";
    private static final Duration POLL = Duration.ofMillis(300);
    /** How long close waits for the cluster's running tasks to end on their own. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final Scheduler dialect;
    private final Function<SimulatedCommandRunner, GridBackend> backendOf;
    private Simulator simulator;
    private GridBackend grid;
    private RunDir marked;

    /**
     * @param dialect   the scheduler the simulated cluster imitates
     * @param backendOf the cluster backend on a runner that reaches the simulated cluster, with
     *                  {@link #tuning()}
     */
    public SimulatedBackend(Scheduler dialect, Function<SimulatedCommandRunner, GridBackend> backendOf) {
        this.dialect = dialect;
        this.backendOf = backendOf;
    }

    /** A real cluster's patience, but polled every 300 ms: the simulated cluster lives here and answers at once. */
    public static GridTuning tuning() {
        return GridTuning.cluster().withPollFloor(POLL);
    }

    /** The simulated cluster, started on first use: this machine's cores and memory, one node. */
    private synchronized GridBackend grid() {
        if (grid == null) {
            simulator = Simulator.start(SimConfig.builder(dialect).minJobAge(Duration.ofSeconds(60)).build());
            grid = backendOf.apply(new SimulatedCommandRunner(simulator));
        }
        return grid;
    }

    @Override
    public String name() {
        return grid().name() + SUFFIX;
    }

    @Override
    public Mode mode() {
        return Mode.SUBMITS_AND_STAYS;
    }

    @Override
    public BackendLimits limits(Path workdir, Resources resources) {
        return grid().limits(workdir, resources);
    }

    @Override
    public void check(Resources resources) {
        grid().check(resources);
    }

    @Override
    public boolean tasksInheritEnvironment() {
        return grid().tasksInheritEnvironment();
    }

    @Override
    public List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return grid().scriptHeader(spec, attempt, dir);
    }

    @Override
    public List<Path> jobDirectories(AttemptDir dir) {
        return grid().jobDirectories(dir);
    }

    @Override
    public List<String> describeLaunch(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        List<String> lines = new java.util.ArrayList<>(grid().describeLaunch(spec, attempt, dir));
        lines.add(0, "simulated " + dialect + " cluster inside this scatter process (--simulate)");
        return lines;
    }

    @Override
    public synchronized void start(RunDir run, AttemptDir attempt, Progress progress) {
        if (grid == null && ProcessMarker.isAlive(marker(run))) {
            return;   // another scatter process holds this run's simulated cluster: it submits
        }
        if (marked == null) {
            ProcessMarker.write(marker(run), Json.object());
            marked = run;
        }
        grid().start(run, attempt, progress);
    }

    @Override
    public synchronized LiveView live(RunDir run) {
        return grid != null ? grid.live(run) : new LedgerOnly(ProcessMarker.isAlive(marker(run)));
    }

    /**
     * Asks the simulated sacct or qstat, while this process holds the cluster; from another process
     * there is nothing to ask, and what the run's own process measured at its end is in the ledger.
     */
    @Override
    public synchronized java.util.Optional<String> measure(RunDir run) {
        if (grid != null) {
            return grid.measure(run);
        }
        boolean recorded = run.attempts().stream().anyMatch(a -> java.nio.file.Files.exists(dev.scatter.core.ledger.MeasuredUsage.file(a)));
        return recorded ? java.util.Optional.empty() : java.util.Optional.of("peak memory not measured (run and CPU times are the wrapper's own records): the simulated "
                + "cluster, gone with the scatter process that ran it, recorded none (a simulated PBS keeps no job history,"
                + " as PBS by default; Torque is not measured)");
    }

    @Override
    public void cancel(RunDir run, AttemptDir attempt, Set<Integer> tasks) {
        if (grid != null) {
            grid.cancel(run, attempt, tasks);
        }
        // else: the cluster lives in another scatter process; the cancelled file tells status
    }

    @Override
    public Duration pollInterval() {
        return POLL;
    }

    @Override
    public synchronized void close() {
        if (simulator != null) {
            // the run is followed through its ledger: it is done while the last job scripts still
            // end and PBS stages their output; a real cluster would finish them (bounded: an
            // interrupted run's tasks are killed after this)
            simulator.cluster().awaitRunningEnd(DRAIN);
        }
        if (marked != null) {
            // the cluster ends with this process: measure what ran now, so a later status --resources shows it
            if (grid != null) {
                try {
                    grid.measure(marked);
                } catch (RuntimeException notMeasured) {
                    // usage is a nicety; closing must not fail for it
                }
            }
            ProcessMarker.delete(marker(marked));
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private static Path marker(RunDir run) {
        return run.root().resolve("simulator.json");
    }

    /** Status of a simulated run seen from another process: what the ledger says, and nothing else. */
    private record LedgerOnly(boolean simulating) implements LiveView {
        @Override
        public TaskView task(int attempt, int task, java.util.Optional<dev.scatter.core.ledger.ResultFile.Begin> begin) {
            if (simulating) {
                return new TaskView(begin.isPresent() ? EntryState.RUNNING : EntryState.QUEUED,
                        "in the simulated cluster of another scatter process");
            }
            return begin.isPresent()
                    ? new TaskView(EntryState.LOST, "its simulated cluster ended with the scatter process that ran it")
                    : new TaskView(EntryState.PENDING, "its simulated cluster ended: scatter resume runs it in a new one");
        }
    }
}
