package dev.scatter.it.slurm;

import dev.scatter.it.cli.ScatterCli;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged CLI as a user on a login node of the real SLURM container runs it: the
 * {@link SlurmContainer#writePathShims shims} first on PATH, status polled every second, and a
 * working directory inside the directory shared with the cluster. One per JVM, on
 * {@link SlurmContainer#shared()}; call {@link SlurmContainerGate#assumeAvailable()} (or use
 * {@link RealSlurm}) before {@link #shared()}.
 */
public final class RealSlurmLoginNode {

    private static RealSlurmLoginNode shared;

    private final SlurmContainer slurm;
    private final Map<String, String> env;

    private RealSlurmLoginNode(SlurmContainer slurm) {
        this.slurm = slurm;
        // inside the shared directory, which the container's shutdown hook deletes
        Path shims = slurm.writePathShims(slurm.getSharedDirectory().resolve(".shims"));
        this.env = Map.of("PATH", shims + ":" + System.getenv("PATH"), "SCATTER_POLL_FLOOR", "1s");
    }

    /** Starts the shared container on first use. */
    public static synchronized RealSlurmLoginNode shared() {
        if (shared == null) {
            shared = new RealSlurmLoginNode(SlurmContainer.shared());
        }
        return shared;
    }

    /** A new directory the cluster's jobs (run as slurmxuser) can write to. */
    public Path createJobDirectory(String name) {
        return slurm.createJobDirectory(name);
    }

    /**
     * The CLI in {@code dir}, with umask 000: jobs run as slurmxuser, the CLI as this test's user,
     * and the jobs must write into the ledger the CLI creates.
     */
    public ScatterCli scatter(Path dir) {
        return new ScatterCli(dir, env, "000");
    }

    /** {@link #scatter}, polling at the pace a real cluster gets (no {@code SCATTER_POLL_FLOOR}). */
    public ScatterCli scatterAtClusterPace(Path dir) {
        return new ScatterCli(dir, Map.of("PATH", env.get("PATH")), "000");
    }
}
