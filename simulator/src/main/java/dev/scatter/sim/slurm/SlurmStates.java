package dev.scatter.sim.slurm;

import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.EndCause;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.queue.WaitReason;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Map.entry;

/** SLURM's names for the neutral states and wait reasons. */
final class SlurmStates {

    private SlurmStates() {
    }

    // job state codes: https://slurm.schedmd.com/squeue.html#SECTION_JOB-STATE-CODES
    static final Map<TaskState, String> NAMES = Map.ofEntries(
            entry(TaskState.PENDING, "PENDING"),             // queued, waiting for a reason (%r)
            entry(TaskState.RUNNING, "RUNNING"),             // allocated, script running
            entry(TaskState.COMPLETED, "COMPLETED"),         // exit 0
            entry(TaskState.FAILED, "FAILED"),               // non-zero exit or killed by a signal of its own
            entry(TaskState.CANCELLED, "CANCELLED"),         // scancel (sacct adds "by <uid>", trap 15)
            entry(TaskState.TIMEOUT, "TIMEOUT"),             // killed at --time (trap 2)
            entry(TaskState.OUT_OF_MEMORY, "OUT_OF_MEMORY"), // cgroup OOM; OverMemoryKill shows FAILED instead (trap 1)
            entry(TaskState.NODE_FAIL, "NODE_FAIL"));        // its node went down

    // the compact codes of squeue %t
    static final Map<String, String> COMPACT = Map.ofEntries(
            entry("PENDING", "PD"), entry("RUNNING", "R"), entry("SUSPENDED", "S"), entry("COMPLETED", "CD"),
            entry("CANCELLED", "CA"), entry("FAILED", "F"), entry("TIMEOUT", "TO"), entry("NODE_FAIL", "NF"),
            entry("PREEMPTED", "PR"), entry("BOOT_FAIL", "BF"), entry("DEADLINE", "DL"),
            entry("OUT_OF_MEMORY", "OOM"), entry("COMPLETING", "CG"), entry("CONFIGURING", "CF"),
            entry("RESIZING", "RS"), entry("RESV_DEL_HOLD", "RD"), entry("REQUEUED", "RQ"),
            entry("REQUEUE_FED", "RF"), entry("REQUEUE_HOLD", "RH"), entry("REVOKED", "RV"),
            entry("SIGNALING", "SI"), entry("SPECIAL_EXIT", "SE"), entry("STAGE_OUT", "SO"), entry("STOPPED", "ST"));

    /** squeue's list of valid -t names, in the order its error message prints them (squeue_bad_state). */
    static final String VALID_STATES = "PENDING,RUNNING,SUSPENDED,COMPLETED,CANCELLED,FAILED,TIMEOUT,NODE_FAIL,"
            + "PREEMPTED,BOOT_FAIL,DEADLINE,OUT_OF_MEMORY,COMPLETING,CONFIGURING,RESIZING,RESV_DEL_HOLD,REQUEUED,"
            + "REQUEUE_FED,REQUEUE_HOLD,REVOKED,SIGNALING,SPECIAL_EXIT,STAGE_OUT,STOPPED";

    // reason codes: https://slurm.schedmd.com/resource_limits.html#reasons and squeue(1) JOB REASON CODES
    static final Map<WaitReason, String> REASONS = new LinkedHashMap<>(Map.ofEntries(
            entry(WaitReason.NONE, "None"),                            // not evaluated yet
            entry(WaitReason.PRIORITY, "Priority"),                    // an earlier job goes first
            entry(WaitReason.RESOURCES, "Resources"),                  // first job not fitting on free resources
            entry(WaitReason.THROTTLE, "JobArrayTaskLimit"),           // %N reached (fixtures squeue_*_throttled_array)
            entry(WaitReason.HELD, "JobHeldUser"),                     // --hold (squeue_default_held_arrays)
            entry(WaitReason.DEPENDENCY, "Dependency"),                // afterok not satisfied yet
            entry(WaitReason.DEPENDENCY_NEVER, "DependencyNeverSatisfied"), // the job it waits for failed
            entry(WaitReason.TOO_MANY_CPUS, "PartitionConfig"),        // -c 64 on 8 CPUs (trap 13)
            entry(WaitReason.TOO_MUCH_MEMORY, "PartitionConfig"),      // rejected at submit in practice
            entry(WaitReason.TOO_MANY_NODES, "PartitionNodeLimit"),    // -N 2 on one node (trap 13)
            entry(WaitReason.TIME_LIMIT_TOO_LONG, "PartitionTimeLimit"))); // --time over MaxTime (trap 13)

    /** The state name of a task under this cluster's memory-kill reporting. */
    static String name(SimTask task, SimConfig config) {
        if (task.state() == TaskState.OUT_OF_MEMORY
                && config.slurmMemoryKill() == SimConfig.MemoryKillReport.OVER_MEMORY_KILL) {
            return "FAILED"; // OverMemoryKill without cgroups looks like kill -9 (trap 1)
        }
        return NAMES.get(task.state());
    }

    /** squeue %r / scontrol Reason= of a task. */
    static String reason(SimTask task, SimConfig config) {
        TaskState s = task.state();
        if (s == TaskState.PENDING) {
            return REASONS.get(task.reason());
        }
        if (!task.wasStarted()) {
            // a cancelled remainder keeps the reason it was waiting for (trap 7)
            return REASONS.get(task.lastWaitReason());
        }
        return switch (s) {
            case FAILED -> task.signal() != 0 ? "JobLaunchFailure" : "NonZeroExitCode";
            case OUT_OF_MEMORY -> config.slurmMemoryKill() == SimConfig.MemoryKillReport.CGROUP ? "OutOfMemory" : "JobLaunchFailure";
            case TIMEOUT -> "TimeLimit";
            case NODE_FAIL -> "NodeDown";
            default -> "None";
        };
    }

    /** ExitCode as sacct prints it for the job line: {@code exit:signal} (TIMEOUT shows 0:0 there, trap 2). */
    static String sacctExitCode(SimTask task, SimConfig config) {
        if (!task.wasStarted() || task.state() == TaskState.RUNNING) {
            return "0:0";
        }
        return switch (task.state()) {
            case TIMEOUT, CANCELLED, NODE_FAIL -> "0:0";
            case OUT_OF_MEMORY -> config.slurmMemoryKill() == SimConfig.MemoryKillReport.CGROUP ? "0:125" : "0:9";
            default -> task.exitCode() + ":" + task.signal();
        };
    }

    /** ExitCode as scontrol prints it (TIMEOUT and scancel show the SIGTERM: 0:15, trap 2). */
    static String scontrolExitCode(SimTask task, SimConfig config) {
        if (task.wasStarted() && task.endCause() != null
                && (task.endCause() == EndCause.TIME_LIMIT || task.endCause() == EndCause.CANCELLED)) {
            return "0:15";
        }
        return sacctExitCode(task, config);
    }
}
