package dev.scatter.sim.slurm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What sbatch recorded about a job, beyond the neutral request: everything squeue, sacct and
 * scontrol print and everything the batch step needs to start.
 */
final class SlurmJobInfo {

    String name;
    Path submitDir;
    Path workDir;
    String script;
    /** scontrol's Command=: the script path, or null for --wrap and stdin scripts. */
    Path command;
    List<String> scriptArgs = List.of();
    String outputPattern;
    String errorPattern;
    boolean appendOutput;
    String partition;
    String account;
    String qos = "normal";
    /** -c as given, or null: SLURM_CPUS_PER_TASK is set only with -c (trap 16). */
    Integer cpusPerTask;
    int ntasks = 1;
    /** --mem (per node) if given, else null and memPerCpuMb applies. */
    Long memPerNodeMb;
    long memPerCpuMb;
    /** The environment the job starts with (after --export). */
    Map<String, String> environment = Map.of();
    long priority;
    int allocSid;
    String dependencyText = "(null)";
    /** A rejected submission SLURM still records as FAILED (trap 11): the reason it gives. */
    String rejectedReason;
    /** Array indices as submitted (for SLURM_ARRAY_TASK_MIN/MAX/STEP/COUNT). */
    List<Integer> indices;
    int arrayStep = 1;

    // ---- mutable, under the cluster lock

    /** sacct's copy of the pending remainder, one scheduling pass stale (trap 8). */
    List<Integer> accountedRemainder;
    boolean startedBefore;

    /** Memory per node in MB, whichever way it was asked for. */
    long memoryPerNodeMb(int cpus) {
        return memPerNodeMb != null ? memPerNodeMb : memPerCpuMb * cpus;
    }
}
