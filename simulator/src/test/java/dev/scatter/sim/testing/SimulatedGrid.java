package dev.scatter.sim.testing;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.testkit.BackendContract;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A simulated cluster as a target of core's {@link BackendContract}: the backend under test talks
 * to the simulator in-process through the same command lines a real cluster answers. The large
 * run gets a cluster of its own, so the other scenarios' tasks never queue behind its thousands;
 * the simulator stages transient failures, and (SLURM) a per-user submit limit.
 */
public final class SimulatedGrid implements BackendContract.Grid, AutoCloseable {

    /** Short poll floor, fast backoff and short grace periods: the simulator answers at once. */
    public static final GridTuning TUNING = GridTuning.cluster().withPollFloor(Duration.ofMillis(200))
            .withRetries(4, Duration.ofMillis(20), Duration.ofMillis(100))
            .withGraces(Duration.ofSeconds(2), Duration.ofSeconds(5)).withCommandTimeout(Duration.ofSeconds(30));

    private final Function<Path, SimConfig.Builder> cluster;
    private final Path root;
    private final Function<CommandRunner, GridBackend> backendOf;
    private final boolean submitLimits;
    private final boolean findsEndedJobsByName;
    private Simulator main;
    private Simulator large;

    /**
     * @param cluster              the cluster's configuration, given a directory for its state
     * @param root                 where the clusters keep their state
     * @param backendOf            the backend under test on a runner
     * @param submitLimits         whether the dialect refuses submissions over a per-user limit (SLURM's QOS)
     * @param findsEndedJobsByName see {@link BackendContract.Grid#findsEndedJobsByName()}
     */
    public SimulatedGrid(Function<Path, SimConfig.Builder> cluster, Path root, Function<CommandRunner, GridBackend> backendOf,
                         boolean submitLimits, boolean findsEndedJobsByName) {
        this.cluster = cluster;
        this.root = root;
        this.backendOf = backendOf;
        this.submitLimits = submitLimits;
        this.findsEndedJobsByName = findsEndedJobsByName;
    }

    @Override
    public synchronized CommandRunner runner() {
        if (main == null) {
            main = Simulator.start(cluster.apply(root.resolve("main")).build());
        }
        return new SimulatedCommandRunner(main);
    }

    @Override
    public synchronized CommandRunner runnerForTheLargeRun() {
        if (large == null) {
            large = Simulator.start(cluster.apply(root.resolve("large")).build());
        }
        return new SimulatedCommandRunner(large);
    }

    @Override
    public GridBackend backend(CommandRunner runner) {
        return backendOf.apply(runner);
    }

    @Override
    public Optional<BackendContract.LimitedCluster> withSubmitLimit(int tasks) {
        if (!submitLimits) {
            return Optional.empty();
        }
        Simulator limited = Simulator.start(cluster.apply(root.resolve("limited")).maxSubmitJobs(tasks).build());
        return Optional.of(new BackendContract.LimitedCluster() {
            @Override
            public CommandRunner runner() {
                return new SimulatedCommandRunner(limited);
            }

            @Override
            public void close() {
                limited.close();
            }
        });
    }

    @Override
    public Optional<BackendContract.Faults> faults() {
        runner();
        return Optional.of(new BackendContract.Faults() {
            @Override
            public void failNextSubmissions(int n) {
                main.faults().failNextSubmissions(n);
            }

            @Override
            public void failNextStatusQueries(int n) {
                main.faults().failNextStatusQueries(n);
            }

            @Override
            public void failAllSubmissions(boolean on) {
                main.faults().failSubmissions(on ? 1.0 : 0.0);
            }
        });
    }

    @Override
    public boolean findsEndedJobsByName() {
        return findsEndedJobsByName;
    }

    @Override
    public synchronized void close() {
        if (main != null) {
            main.close();
        }
        if (large != null) {
            large.close();
        }
    }
}
