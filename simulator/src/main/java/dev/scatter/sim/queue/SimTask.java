package dev.scatter.sim.queue;

import java.time.Instant;
import java.util.List;

/**
 * One array task (or the single task of a plain job): its state, times, exit status and process.
 * Fields change under the cluster lock; dialects read them while holding it (see
 * {@link SimCluster#read}).
 */
public final class SimTask {

    private final SimJob job;
    private final int index;
    TaskState state = TaskState.PENDING;
    WaitReason reason = WaitReason.NONE;
    /** The reason it last waited for, kept after it started: sacct prints it (fixtures trap 15). */
    WaitReason lastWaitReason = WaitReason.NONE;
    long ownId;
    List<String> nodes = List.of();
    Instant startTime;
    Instant endTime;
    int exitCode;
    int signal;
    EndCause endCause;
    EndCause killCause;
    String cancelledBy;
    /** Cancelled alone while pending: gone without a trace (SLURM, fixtures trap 7). */
    boolean removed;
    /** No longer in the live listing (squeue/qstat), still in accounting. */
    boolean purged;
    long pid;
    long maxRssKb = -1;
    /** CPU time of its process tree, highest sum seen while polling (children that ended between polls are lost). */
    long cpuMillis;
    long lastRssKb;
    Process process;
    List<ProcessHandle> knownDescendants = List.of();

    SimTask(SimJob job, int index) {
        this.job = job;
        this.index = index;
    }

    public SimJob job() { return job; }
    /** The array index, or -1 for a plain job. */
    public int index() { return index; }
    public TaskState state() { return state; }
    public WaitReason reason() { return reason; }
    public WaitReason lastWaitReason() { return lastWaitReason; }
    /** The id the dialect gave the started task (SLURM: a job id of its own); 0 if none. */
    public long ownId() { return ownId; }
    public void assignOwnId(long id) { ownId = id; }
    public List<String> nodes() { return nodes; }
    public Instant startTime() { return startTime; }
    public Instant endTime() { return endTime; }
    /** The exit code when it exited by itself (0 when killed by a signal). */
    public int exitCode() { return exitCode; }
    /** The signal that ended it (0 if none). */
    public int signal() { return signal; }
    public EndCause endCause() { return endCause; }
    /** Who cancelled it (user name), if anyone. */
    public String cancelledBy() { return cancelledBy; }
    public boolean isRemoved() { return removed; }
    public boolean isPurged() { return purged; }
    public boolean wasStarted() { return startTime != null; }
    public long pid() { return pid; }
    /** Highest RSS seen while polling, in KB; -1 if never sampled. */
    public long maxRssKb() { return maxRssKb; }
    /** CPU time (user + system) of its process tree at the last poll that saw the most; a lower bound. */
    public long cpuMillis() { return cpuMillis; }
    /** The RSS that triggered a memory kill, in KB. */
    public long lastRssKb() { return lastRssKb; }

    /** Whether the live listing shows it. */
    public boolean isListed() {
        return !removed && !purged;
    }

    @Override
    public String toString() {
        return job.id() + (index >= 0 ? "[" + index + "]" : "") + ":" + state;
    }
}
