package dev.scatter.sim.slurm;

import dev.scatter.sim.FaultPlan;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.dialect.Dialect;
import dev.scatter.sim.queue.SimCluster;

import java.util.Random;
import java.util.Set;

/** SLURM 22.05's command-line tools over the neutral queue. */
public final class SlurmDialect implements Dialect {

    static final String VERSION = "slurm-wlm 22.05.8";

    private final Sbatch sbatch;
    private final Squeue squeue;
    private final Sacct sacct;
    private final Scancel scancel;
    private final Scontrol scontrol;
    private final Sinfo sinfo;

    public SlurmDialect(SimCluster cluster, FaultPlan faults) {
        SlurmRuntime runtime = new SlurmRuntime(cluster);
        this.sbatch = new Sbatch(cluster, runtime);
        this.squeue = new Squeue(cluster);
        this.sacct = new Sacct(cluster, faults);
        this.scancel = new Scancel(cluster);
        this.scontrol = new Scontrol(cluster);
        this.sinfo = new Sinfo(cluster);
    }

    @Override
    public Set<String> programs() {
        return Set.of("sbatch", "squeue", "sacct", "scancel", "scontrol", "sinfo");
    }

    @Override
    public Kind kind(String program) {
        return switch (program) {
            case "sbatch" -> Kind.SUBMIT;
            case "scancel" -> Kind.CONTROL;
            default -> Kind.STATUS;
        };
    }

    @Override
    public Reply run(Invocation inv) {
        return switch (inv.program()) {
            case "sbatch" -> sbatch.run(inv);
            case "squeue" -> squeue.run(inv);
            case "sacct" -> sacct.run(inv);
            case "scancel" -> scancel.run(inv);
            case "scontrol" -> scontrol.run(inv);
            case "sinfo" -> sinfo.run(inv);
            default -> throw new IllegalArgumentException("not a SLURM command: " + inv.program());
        };
    }

    /** What the tools print when slurmctld (or slurmdbd) does not answer in time. */
    @Override
    public Reply transientFailure(String program, Random random) {
        return switch (program) {
            case "sbatch" -> Reply.error(1, random.nextBoolean()
                    ? "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n"
                    : "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n");
            case "sacct" -> Reply.error(1, "sacct: error: slurm_persist_conn_open_without_init: failed to open persistent "
                    + "connection to host:localhost:6819: Connection refused\n"
                    + "sacct: error: Sending PersistInit msg: Connection refused\n"
                    + "sacct: error: Problem talking to the database: Connection refused\n");
            case "scancel" -> Reply.error(1, "scancel: error: Kill job error on job id 0: "
                    + "Unable to contact slurm controller (connect failure)\n");
            default -> Reply.error(1, random.nextBoolean()
                    ? "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n"
                    : "slurm_load_jobs error: Socket timed out on send/recv operation\n");
        };
    }
}
