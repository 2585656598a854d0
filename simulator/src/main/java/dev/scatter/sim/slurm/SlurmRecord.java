package dev.scatter.sim.slurm;

import dev.scatter.core.model.IndexRanges;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of squeue/sacct/scontrol: a plain job, one array task, or the remainder of an array
 * (its pending tasks, or those cancelled before they started) collapsed into {@code 21_[3-9%3]}.
 */
final class SlurmRecord {

    enum Kind { JOB, TASK, REMAINDER }

    private final Kind kind;
    private final SimJob job;
    private final List<SimTask> members;

    private SlurmRecord(Kind kind, SimJob job, List<SimTask> members) {
        this.kind = kind;
        this.job = job;
        this.members = List.copyOf(members);
    }

    /** The live records of a job (squeue, scontrol), remainders collapsed unless {@code expand} (squeue -r). */
    static List<SlurmRecord> live(SimJob job, boolean expand) {
        List<SlurmRecord> out = new ArrayList<>();
        if (!job.isArray()) {
            SimTask t = job.tasks().get(0);
            if (t.isListed()) {
                out.add(new SlurmRecord(Kind.JOB, job, List.of(t)));
            }
            return out;
        }
        List<SimTask> pending = new ArrayList<>();
        List<SimTask> cancelled = new ArrayList<>();
        for (SimTask t : job.tasks()) {
            if (!t.isListed()) {
                continue;
            }
            if (t.wasStarted()) {
                out.add(new SlurmRecord(Kind.TASK, job, List.of(t)));
            } else if (t.state() == TaskState.PENDING) {
                pending.add(t);
            } else {
                cancelled.add(t);
            }
        }
        for (List<SimTask> rest : List.of(pending, cancelled)) {
            if (rest.isEmpty()) {
                continue;
            }
            if (expand) {
                rest.forEach(t -> out.add(new SlurmRecord(Kind.TASK, job, List.of(t))));
            } else {
                out.add(0, new SlurmRecord(Kind.REMAINDER, job, rest));
            }
        }
        return out;
    }

    /**
     * The accounting records of a job (sacct): every started task, plus the remainder, whose
     * index list is the stale copy slurmdbd holds (trap 8). Pending tasks cancelled alone are
     * not there at all (trap 7).
     */
    static List<SlurmRecord> accounting(SimJob job) {
        List<SlurmRecord> out = new ArrayList<>();
        if (!job.isArray()) {
            out.add(new SlurmRecord(Kind.JOB, job, List.of(job.tasks().get(0))));
            return out;
        }
        List<SimTask> rest = new ArrayList<>();
        for (SimTask t : job.tasks()) {
            if (t.isRemoved()) {
                continue;
            }
            if (t.wasStarted()) {
                out.add(new SlurmRecord(Kind.TASK, job, List.of(t)));
            } else {
                rest.add(t);
            }
        }
        if (!rest.isEmpty()) {
            out.add(new SlurmRecord(Kind.REMAINDER, job, rest));
        }
        return out;
    }

    /** One record for a single task, started or not (scontrol show job 21_7, squeue -j 21_7). */
    static SlurmRecord ofTask(SimTask task) {
        return new SlurmRecord(task.job().isArray() ? Kind.TASK : Kind.JOB, task.job(), List.of(task));
    }

    Kind kind() { return kind; }
    SimJob job() { return job; }
    SlurmJobInfo info() { return job.info(SlurmJobInfo.class); }
    List<SimTask> members() { return members; }
    SimTask task() { return members.get(0); }

    /** Indices shown for a remainder: sacct passes its stale copy. */
    private List<Integer> remainderIndices(boolean accounting) {
        List<Integer> live = members.stream().map(SimTask::index).toList();
        List<Integer> stale = info().accountedRemainder;
        if (accounting && stale != null && !stale.isEmpty() && stale.containsAll(live)) {
            return stale;
        }
        return live;
    }

    /** The remainder's task list with the throttle: {@code 3-9%3} (squeue %K). */
    String taskSpec(boolean accounting) {
        String spec = IndexRanges.format(remainderIndices(accounting));
        return job.throttle() > 0 ? spec + "%" + job.throttle() : spec;
    }

    /** squeue %i, sacct JobID. */
    String jobId(boolean accounting) {
        return switch (kind) {
            case JOB -> Long.toString(job.id());
            case TASK -> job.id() + "_" + task().index();
            case REMAINDER -> job.id() + "_[" + taskSpec(accounting) + "]";
        };
    }

    /** squeue %A, sacct JobIDRaw: a started task's own id, else the array's (trap 9). */
    long rawId() {
        return kind == Kind.TASK && task().wasStarted() ? task().ownId() : job.id();
    }

    /** squeue %F: the array's id, or the job's own for a plain job. */
    String arrayJobId() {
        return Long.toString(job.id());
    }

    /** squeue %K. */
    String arrayTaskId() {
        return switch (kind) {
            case JOB -> "N/A";
            case TASK -> Integer.toString(task().index());
            case REMAINDER -> taskSpec(false);
        };
    }

    String state(SimConfig config) {
        return SlurmStates.name(task(), config);
    }

    String reason(SimConfig config) {
        if (info().rejectedReason != null) {
            return info().rejectedReason;
        }
        return SlurmStates.reason(task(), config);
    }

    boolean isPending() {
        return task().state() == TaskState.PENDING;
    }

    boolean isRunning() {
        return task().state() == TaskState.RUNNING;
    }

    /** Start as squeue %S / scontrol StartTime: pending none, a cancelled remainder its cancel time (trap 17). */
    Instant start() {
        SimTask t = task();
        if (t.wasStarted()) {
            return t.startTime();
        }
        return t.state().isFinished() ? t.endTime() : null;
    }

    /** End as squeue %e: running = start + limit; pending none. */
    Instant end() {
        SimTask t = task();
        if (t.state() == TaskState.RUNNING) {
            Duration limit = job.request().timeLimit();
            return limit == null ? null : t.startTime().plus(limit);
        }
        return t.state().isFinished() ? t.endTime() : null;
    }

    /** TIME: how long it ran (so far). */
    Duration elapsed(Instant now) {
        SimTask t = task();
        if (!t.wasStarted()) {
            return Duration.ZERO;
        }
        Instant until = t.state() == TaskState.RUNNING ? now : t.endTime();
        return Duration.between(t.startTime(), until);
    }

    /** NodeList: where it ran, empty for one that never did. */
    String nodeList() {
        return String.join(",", task().nodes());
    }

    long priority() {
        return job.isHeld() ? 0 : info().priority;
    }
}
