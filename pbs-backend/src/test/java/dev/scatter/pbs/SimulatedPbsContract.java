package dev.scatter.pbs;

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
 * The grid contract against one of the simulator's PBS dialects, in-process: the qsub, qstat and
 * qdel text OpenPBS 23.06 (or Torque 6) prints, with the clock 30 times faster (a one-minute
 * walltime is enforced after 2 s) and memory enforced by MoM ({@code $enforce mem}, off on the
 * fixture cluster) so the memory scenario has something to find. The PBS dialect has no per-user
 * queue limit, so the submit-limit scenario is skipped.
 */
abstract class SimulatedPbsContract extends GridBackendContract {

    /** Simulated seconds per real second. */
    static final double SPEEDUP = 30;

    @TempDir
    static Path root;

    private Simulator sim;
    private CommandRunner runner;

    /** This target's cluster: a flavour, history or not, its array size limit. */
    protected abstract SimConfig.Builder cluster(SimConfig.Builder fixtureLike);

    protected abstract Scheduler flavour();

    static SimConfig.Builder fixtureLike(Scheduler flavour, Path root) {
        return SimConfig.builder(flavour).user("pbsuser").uid(1000).coresPerNode(8).memoryMbPerNode(8192)
                .clockSpeedup(SPEEDUP).pbsEnforceMemory(true).pbsHome(root.resolve("home")).spoolDir(root.resolve("spool"));
    }

    /** Short poll floor, fast backoff and short grace periods: the simulator answers at once. */
    static GridTuning tuning() {
        return GridTuning.cluster().withPollFloor(Duration.ofMillis(200)).withRetries(4, Duration.ofMillis(20), Duration.ofMillis(100))
                .withGraces(Duration.ofSeconds(2), Duration.ofSeconds(5)).withCommandTimeout(Duration.ofSeconds(30));
    }

    @Override
    protected synchronized CommandRunner runner() {
        if (sim == null) {
            sim = Simulator.start(cluster(fixtureLike(flavour(), root)).build());
            runner = new SimulatedCommandRunner(sim);
        }
        return runner;
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
        return Optional.empty();
    }

    /** The brief's size: 500 one-line entries. */
    @Override
    protected int manyEntries() {
        return 500;
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
