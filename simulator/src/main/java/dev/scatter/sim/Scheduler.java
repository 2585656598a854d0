package dev.scatter.sim;

/** Which real scheduler the simulated cluster imitates. One simulator speaks one dialect. */
public enum Scheduler {
    /** SLURM 22.05 (sbatch, squeue, sacct, scancel, scontrol). */
    SLURM,
    /** OpenPBS / PBS Pro 23.06 (qsub -J, qstat -f -F json, qdel). */
    OPENPBS,
    /** Torque 6 (qsub -t, qstat -x as XML, PBS_ARRAYID). */
    TORQUE;

    public static Scheduler parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "slurm" -> SLURM;
            case "pbs", "openpbs", "pbspro" -> OPENPBS;
            case "torque" -> TORQUE;
            default -> throw new IllegalArgumentException("unknown scheduler: " + text + " (slurm, pbs, torque)");
        };
    }
}
