package dev.scatter.it.slurm;

import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.plan.RunRequest;
import dev.scatter.core.remote.RemoteBackend;
import dev.scatter.core.remote.RemoteCommandRunner;
import dev.scatter.core.remote.SshShell;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.testkit.BackendContract;
import dev.scatter.slurm.SlurmBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backend contract against the real SLURM container reached as {@code --remote} reaches it: the
 * system ssh to the container's sshd (a port on 127.0.0.1), one shared connection, every run's
 * ledger here and its copy in the remote user's home, where its jobs run and write. No directory
 * is shared between this JVM and the cluster.
 *
 * <p>The time-limit scenario is left to {@link RealSlurmContractTest} (82 s of the same SLURM).
 * The grid-only scenarios (a hand-made lost submission, a submit limit, one poll per query) drive a
 * {@code GridBackend} directly, below the mirror, and are skipped here; {@link RemoteSlurmCliTest}
 * covers their remote side: a client killed in the middle of its sbatch, and a connection that
 * drops after sbatch got through.
 */
@RealSlurm
class RemoteSlurmContractTest extends BackendContract {

    private static final AtomicInteger DIRS = new AtomicInteger();
    private SlurmSsh ssh;
    private Path control;

    /** The login node, on first use: the contract's own {@code @BeforeAll} starts runs before a subclass's would. */
    private synchronized SlurmSsh ssh() {
        if (ssh == null) {
            SlurmSsh.assumeClientAvailable();
            ssh = SlurmSsh.shared();
            try {
                control = Files.createTempDirectory("scatter-ssh-ctl-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ssh;
    }

    @Override
    protected Backend backend() {
        SlurmSsh login = ssh();
        SshShell shell = new SshShell(login.hostAlias(), new SshShell.Options("ssh", Optional.of(login.configFile()), control, false));
        GridTuning tuning = GridTuning.cluster().withPollFloor(Duration.ofSeconds(1))
                .withRetries(3, Duration.ofMillis(200), Duration.ofSeconds(1))
                .withGraces(Duration.ofSeconds(10), Duration.ofSeconds(60))
                .withCommandTimeout(Duration.ofSeconds(60));
        return new RemoteBackend(SlurmBackend.create(new RemoteCommandRunner(shell), tuning), shell);
    }

    /** Each run in a directory of its own in the remote home, named after its directory here. */
    @Override
    protected RunRequest onTarget(RunRequest request, Path dir) {
        return request.onRemote(new RemoteTarget(ssh().hostAlias(), ssh().remoteHome() + "/contract/" + DIRS.incrementAndGet()
                + "-" + dir.getFileName()));
    }

    @Override
    protected String jobFile(RunDir run, String name) {
        var r = ssh().ssh("cat '" + run.spec().workdir().resolve(name) + "' 2>/dev/null || true");
        return r.stdout();
    }

    /**
     * The same SLURM as {@link RealSlurmContractTest}, which waits the 82 s a one-minute limit takes
     * there; its verdict reads SLURM's log of the task, which the memory scenario brings down here too.
     */
    @Override
    protected boolean runsTheTimeLimitScenario() {
        return false;
    }

    /** As the real-SLURM contract. */
    @Override
    protected Duration patience() {
        return Duration.ofSeconds(90);
    }

    /**
     * The large run is {@link RealSlurmContractTest}'s (SLURM starts about 13 one-task arrays' tasks a
     * second here); a hundred tasks, each its own files, prove the order through the mirror.
     */
    @Override
    protected int manyEntries() {
        return 100;
    }

    @Override
    protected List<String> lowPriorityOptions() {
        return List.of("--nice=10000");
    }
}
