package dev.scatter.it.slurm;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.testkit.BackendContract;
import dev.scatter.slurm.SlurmBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.testcontainers.containers.Container;

/**
 * The backend contract against a real SLURM 22.05.8 (one container, MinJobAge 10 s, accounting on,
 * OverMemoryKill without cgroups), reached through the PATH shims as separate processes, the way
 * the CLI reaches a cluster. About 3.5-4 minutes, nearly all of it the 2,500-task run (SLURM
 * starts about 13 one-line tasks a second on the 2-core machine), which the other tests (and the
 * real one-minute time limit, 82 s) overlap.
 */
@RealSlurm
class RealSlurmContractTest extends BackendContract {

    private static final AtomicInteger DIRS = new AtomicInteger();

    private SlurmContainer slurm;
    private CommandRunner runner;

    /** The cluster through the shims; its QOS submit limit is set with sacctmgr (no fault injection on a real cluster). */
    @Override
    protected Optional<Grid> grid() {
        return Optional.of(new Grid() {
            @Override
            public CommandRunner runner() {
                return RealSlurmContractTest.this.runner();
            }

            @Override
            public GridBackend backend(CommandRunner runner) {
                return RealSlurmContractTest.this.backend(runner);
            }

            @Override
            public Optional<LimitedCluster> withSubmitLimit(int tasks) {
                return RealSlurmContractTest.this.withSubmitLimit(tasks);
            }
        });
    }

    @Override
    protected Backend backend() {
        return backend(runner());
    }

    private synchronized CommandRunner runner() {
        if (runner == null) {
            slurm = SlurmContainer.shared();
            try {
                runner = new ShimRunner(slurm.writePathShims(Files.createTempDirectory("scatter-shims-")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runner;
    }

    private GridBackend backend(CommandRunner runner) {
        GridTuning tuning = GridTuning.cluster().withPollFloor(Duration.ofSeconds(1))
                .withRetries(3, Duration.ofMillis(200), Duration.ofSeconds(1))
                .withGraces(Duration.ofSeconds(10), Duration.ofSeconds(60))
                .withCommandTimeout(Duration.ofSeconds(60));
        return SlurmBackend.create(runner, tuning);
    }

    @Override
    protected Path jobDirectory(String name) {
        runner();
        return slurm.createJobDirectory("contract-" + DIRS.incrementAndGet() + "-" + name);
    }

    /**
     * Jobs run as slurmxuser (uid 1000) and this JVM as another user: open the run's directories to
     * them, including the directory SLURM writes each task's own output to. A real user submits
     * as themselves and needs none of this.
     */
    @Override
    protected void prepareForJobs(RunDir run) {
        try {
            for (AttemptDir attempt : run.attempts()) {
                Files.createDirectories(attempt.root().resolve("slurm"));
            }
            try (Stream<Path> all = Files.walk(run.root())) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
                }
            }
            for (AttemptDir attempt : run.attempts()) {
                Files.setPosixFilePermissions(attempt.script(), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** QOS normal's MaxSubmitJobsPerUser, set as root with sacctmgr (fixtures sacctmgr_set_max_submit). */
    private Optional<LimitedCluster> withSubmitLimit(int tasks) {
        runner();
        sacctmgr(Integer.toString(tasks));
        return Optional.of(new LimitedCluster() {
            @Override
            public CommandRunner runner() {
                return RealSlurmContractTest.this.runner();
            }

            @Override
            public void close() {
                sacctmgr("-1");
            }
        });
    }

    private void sacctmgr(String limit) {
        try {
            Container.ExecResult r = slurm.execInContainer("sacctmgr", "-i", "modify", "qos", "normal", "set",
                    "MaxSubmitJobsPerUser=" + limit);
            if (r.getExitCode() != 0) {
                throw new IllegalStateException("sacctmgr failed: " + r.getStderr());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The large run yields to the other tests' tasks (priority/basic honours --nice). */
    @Override
    protected List<String> lowPriorityOptions() {
        return List.of("--nice=10000");
    }

    @Override
    protected Duration patience() {
        return Duration.ofSeconds(90);
    }

    @Override
    protected Duration patienceFor(int tasks) {
        return patience().plusMillis(tasks * 150L);
    }
}
