package dev.scatter.it.cli;

import dev.scatter.it.slurm.RealSlurmLoginNode;
import dev.scatter.it.slurm.SlurmContainerGate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A backend {@link BackendsEndToEndTest} runs its scenarios on: the {@code run} options that pick
 * it, the name a run records, what differs between backends ({@link Capability}), and where and
 * how the CLI runs ({@link #open}).
 */
enum Target {

    LOCAL("local", "local", EnumSet.of(Capability.MEASURES_MEMORY), "--backend", "local"),
    SIMULATED_SLURM("slurm-sim", "slurm+sim",
            EnumSet.of(Capability.FOLLOWS_A_SCHEDULER, Capability.TMPDIR_PER_TASK, Capability.MEASURES_MEMORY),
            "--backend", "slurm", "--simulate"),
    SIMULATED_PBS("pbs-sim", "pbs-pro+sim",
            EnumSet.of(Capability.FOLLOWS_A_SCHEDULER, Capability.TMPDIR_PER_TASK, Capability.PBS_OUTPUT_FILES),
            "--backend", "pbs", "--simulate"),
    SIMULATED_TORQUE("torque-sim", "torque+sim",
            EnumSet.of(Capability.FOLLOWS_A_SCHEDULER, Capability.TMPDIR_PER_TASK, Capability.PBS_OUTPUT_FILES),
            "--backend", "torque", "--simulate"),
    /** SLURM 22.05.8 in a container ({@code SlurmContainer}); skipped without Docker and the image. */
    REAL_SLURM("slurm-real", "slurm",
            EnumSet.of(Capability.FOLLOWS_A_SCHEDULER, Capability.TMPDIR_PER_TASK, Capability.SCHEDULER_OUTLIVES_THE_CLIENT,
                    Capability.MEASURES_MEMORY),
            "--backend", "slurm");

    /** What holds on some targets only; a scenario checks it where the target has it. */
    enum Capability {
        /**
         * {@code run} ends by following the scheduler as {@code scatter watch} does, whose last line
         * is "N of M entries did not succeed"; the local backend prints its own summary instead.
         */
        FOLLOWS_A_SCHEDULER,
        /** Every task gets its own TMPDIR. Locally it is per worker: parallel tasks never share one. */
        TMPDIR_PER_TASK,
        /** PBS writes its own output file per task ({@code .OU}) into {@code attempts/N/pbs}. */
        PBS_OUTPUT_FILES,
        /**
         * The scheduler lives on after {@code scatter run} returns, and later commands ask it. A
         * simulated cluster ends with the CLI process that ran it; later commands read the ledger only.
         */
        SCHEDULER_OUTLIVES_THE_CLIENT,
        /**
         * {@code status --resources} shows each task's peak memory: sampled here, sacct's MaxRSS on
         * SLURM. A PBS without job history (the simulator's default, as PBS's) and Torque measure none.
         */
        MEASURES_MEMORY
    }

    /** {@code -Dscatter.e2e.targets=local,slurm-sim} runs the suite on those targets only. */
    static final String SELECTION_PROPERTY = "scatter.e2e.targets";

    private static final AtomicInteger JOB_DIRECTORIES = new AtomicInteger();

    /** Short name, for {@link #SELECTION_PROPERTY}. */
    final String id;
    /** The backend {@code status --json} names. */
    final String recordedBackend;
    private final Set<Capability> capabilities;
    private final List<String> runOptions;

    Target(String id, String recordedBackend, Set<Capability> capabilities, String... runOptions) {
        this.id = id;
        this.recordedBackend = recordedBackend;
        this.capabilities = capabilities;
        this.runOptions = List.of(runOptions);
    }

    /** The targets {@link #SELECTION_PROPERTY} names, all by default. */
    static Stream<Target> selected() {
        String wanted = System.getProperty(SELECTION_PROPERTY, "").strip();
        if (wanted.isEmpty()) {
            return Arrays.stream(values());
        }
        List<String> ids = Arrays.stream(wanted.split(",")).map(String::strip).toList();
        List<Target> targets = Arrays.stream(values()).filter(t -> ids.contains(t.id)).toList();
        if (targets.size() != ids.size()) {
            throw new IllegalArgumentException("-D" + SELECTION_PROPERTY + "=" + wanted + ": the targets are "
                    + Arrays.stream(values()).map(t -> t.id).toList());
        }
        return targets.stream();
    }

    boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** The options of {@code scatter run} that select this backend. */
    List<String> runOptions() {
        return runOptions;
    }

    /**
     * A new working directory for one scenario, and the CLI run there: {@code tempDir} on this
     * machine; on the real cluster a directory it shares, the CLI as a login-node user runs it.
     * Skips (or fails, where Docker is required) the real cluster when it cannot run here.
     */
    Workspace open(String scenario, Path tempDir) {
        if (this != REAL_SLURM) {
            return new Workspace(this, tempDir, new ScatterCli(tempDir));
        }
        SlurmContainerGate.assumeAvailable();
        RealSlurmLoginNode node = RealSlurmLoginNode.shared();
        Path dir = node.createJobDirectory("e2e-" + JOB_DIRECTORIES.incrementAndGet() + "-" + scenario);
        return new Workspace(this, dir, node.scatter(dir));
    }

    @Override
    public String toString() {
        return this == REAL_SLURM ? "real slurm" : String.join(" ", runOptions.subList(1, runOptions.size()));
    }
}
