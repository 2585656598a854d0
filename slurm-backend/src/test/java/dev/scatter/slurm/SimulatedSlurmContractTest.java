package dev.scatter.slurm;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.testkit.GridBackendContract;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid contract against the simulator's SLURM 22.05 dialect, in-process: the same sbatch,
 * squeue, sacct and scancel text a real cluster prints, with its clock 30 times faster (a
 * one-minute limit is enforced after 2 s, MinJobAge 60 s purges after 2 s), and faults on demand.
 */
class SimulatedSlurmContractTest extends GridBackendContract {

    /** Simulated seconds per real second. */
    private static final double SPEEDUP = 30;

    @TempDir
    static Path root;

    private Simulator sim;
    private CommandRunner runner;

    private static SimConfig.Builder cluster(Path root) {
        return SimConfig.builder(Scheduler.SLURM).user("slurmxuser").uid(1000).coresPerNode(8).memoryMbPerNode(8000)
                .clockSpeedup(SPEEDUP).minJobAge(Duration.ofSeconds(60)).spoolDir(root.resolve("spool"))
                .pbsHome(root.resolve("home"));
    }

    /** Short poll floor, fast backoff and short grace periods: the simulator answers at once. */
    static GridTuning tuning() {
        return GridTuning.cluster().withPollFloor(Duration.ofMillis(200)).withRetries(4, Duration.ofMillis(20), Duration.ofMillis(100))
                .withGraces(Duration.ofSeconds(2), Duration.ofSeconds(5)).withCommandTimeout(Duration.ofSeconds(30));
    }

    @Override
    protected synchronized CommandRunner runner() {
        if (sim == null) {
            sim = Simulator.start(cluster(root).build());
            runner = new SimulatedCommandRunner(sim);
        }
        return runner;
    }

    @Override
    protected GridBackend backend(CommandRunner runner) {
        return SlurmBackend.create(runner, tuning());
    }

    @Override
    protected Path jobDirectory(String name) {
        try {
            return Files.createDirectories(root.resolve("jobs").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Optional<Faults> faults() {
        runner();
        return Optional.of(new Faults() {
            @Override
            public void failNextSubmissions(int n) {
                sim.faults().failNextSubmissions(n);
            }

            @Override
            public void failNextStatusQueries(int n) {
                sim.faults().failNextStatusQueries(n);
            }

            @Override
            public void failAllSubmissions(boolean on) {
                sim.faults().failSubmissions(on ? 1.0 : 0.0);
            }
        });
    }

    @Override
    protected Optional<LimitedCluster> withSubmitLimit(int tasks) {
        Simulator limited = Simulator.start(cluster(root.resolve("limited")).maxSubmitJobs(tasks).build());
        CommandRunner limitedRunner = new SimulatedCommandRunner(limited);
        return Optional.of(new LimitedCluster() {
            @Override
            public CommandRunner runner() {
                return limitedRunner;
            }

            @Override
            public void close() {
                limited.close();
            }
        });
    }

    @Override
    protected Duration patienceFor(int tasks) {
        return patience().plusMillis(tasks * 40L);
    }

    @AfterAll
    void stopTheCluster() {
        if (sim != null) {
            sim.close();
        }
    }
}
