package dev.scatter.sim.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One submission: a plain job (one task, index -1) or an array (one task per index). The queue
 * schedules its tasks; {@link #info()} holds whatever the dialect needs to print it.
 */
public final class SimJob {

    private final long id;
    private final long sequence;
    private final String name;
    private final String user;
    private final ResourceRequest request;
    private final boolean array;
    private final int throttle;
    private final Dependency dependency;
    private final Instant submitTime;
    private final JobRuntime runtime;
    private final Object info;
    private final List<SimTask> tasks;
    boolean held;
    Instant cancelTime;

    SimJob(long id, long sequence, JobSpec spec, Instant submitTime) {
        this.id = id;
        this.sequence = sequence;
        this.name = spec.name();
        this.user = spec.user();
        this.request = spec.request();
        this.array = spec.indices() != null;
        this.throttle = spec.throttle();
        this.dependency = spec.dependency();
        this.held = spec.held();
        this.submitTime = submitTime;
        this.runtime = spec.runtime();
        this.info = spec.info();
        List<SimTask> list = new ArrayList<>();
        if (array) {
            for (int i : spec.indices()) {
                list.add(new SimTask(this, i));
            }
        } else {
            list.add(new SimTask(this, -1));
        }
        this.tasks = Collections.unmodifiableList(list);
    }

    public long id() { return id; }
    /** Submission order: earlier jobs have priority (FIFO). */
    public long sequence() { return sequence; }
    public String name() { return name; }
    public String user() { return user; }
    public ResourceRequest request() { return request; }
    public boolean isArray() { return array; }
    /** The {@code %N} limit on running tasks; 0 = none. */
    public int throttle() { return throttle; }
    public Dependency dependency() { return dependency; }
    public Instant submitTime() { return submitTime; }
    public JobRuntime runtime() { return runtime; }
    public Object info() { return info; }
    public List<SimTask> tasks() { return tasks; }
    public boolean isHeld() { return held; }
    /** When the whole job was cancelled, if it was. */
    public Instant cancelTime() { return cancelTime; }

    public <T> T info(Class<T> type) {
        return type.cast(info);
    }

    public SimTask task(int index) {
        for (SimTask t : tasks) {
            if (t.index() == index) {
                return t;
            }
        }
        return null;
    }

    public boolean allFinished() {
        return tasks.stream().allMatch(t -> t.state.isFinished());
    }

    public boolean anyStarted() {
        return tasks.stream().anyMatch(SimTask::wasStarted);
    }

    int runningCount() {
        int n = 0;
        for (SimTask t : tasks) {
            if (t.state == TaskState.RUNNING) {
                n++;
            }
        }
        return n;
    }

    /** Whether a dependency on this job is satisfied, still open, or never will be. */
    Dependency.Status statusFor(Dependency.Type type) {
        if (!allFinished()) {
            return Dependency.Status.WAITING;
        }
        boolean allOk = tasks.stream().filter(t -> !t.removed).allMatch(t -> t.state == TaskState.COMPLETED);
        return switch (type) {
            case AFTER_ANY -> Dependency.Status.SATISFIED;
            case AFTER_OK -> allOk ? Dependency.Status.SATISFIED : Dependency.Status.NEVER;
            case AFTER_NOT_OK -> allOk ? Dependency.Status.NEVER : Dependency.Status.SATISFIED;
        };
    }

    @Override
    public String toString() {
        return "SimJob[" + id + " " + name + " tasks=" + tasks.size() + "]";
    }
}
