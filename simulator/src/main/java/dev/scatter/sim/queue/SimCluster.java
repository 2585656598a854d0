package dev.scatter.sim.queue;

import dev.scatter.sim.SimClock;
import dev.scatter.sim.SimConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The neutral queue: nodes × cores × memory, FIFO with simple backfill, array throttles, time
 * and memory limits, cancel, purge. Tasks run for real as processes; concurrency is capped by
 * the CPUs (and memory) each task asked for.
 *
 * <p>This class holds the state and the operations dialects call; the work is done by
 * {@link Placement} (what starts where, why the rest waits), {@link TaskProcesses} (launching,
 * reaping, signalling) and {@link LimitEnforcer} (time and memory limits).
 *
 * <p>Thread-safety: one lock (this object), which those parts share. Dialects read state inside
 * {@link #read} and change it through the public methods, which take the lock themselves.
 */
public final class SimCluster implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SimCluster.class.getName());
    private static final long PASS_MILLIS = 50;
    private static final long MEMORY_POLL_MILLIS = 250;

    private final SimConfig config;
    private final SimClock clock;
    private final List<SimNode> nodes = new ArrayList<>();
    private final List<SimJob> jobs = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService reapers;
    private final TaskProcesses processes;
    private final Placement placement;
    private final LimitEnforcer limits;
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private long nextJobId;
    private long sequence;
    private volatile boolean closed;

    public SimCluster(SimConfig config, SimClock clock, long firstJobId) {
        this.config = config;
        this.clock = clock;
        this.nextJobId = firstJobId;
        for (String name : config.nodeNames()) {
            nodes.add(new SimNode(name, config.coresPerNode(), config.memoryMbPerNode()));
        }
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("scatter-sim-scheduler"));
        this.reapers = Executors.newCachedThreadPool(daemon("scatter-sim-task"));
        this.processes = new TaskProcesses(this, nodes, scheduler, reapers);
        this.placement = new Placement(config, jobs, nodes, processes);
        this.limits = new LimitEnforcer(this, jobs, processes);
        scheduler.scheduleWithFixedDelay(this::safePass, PASS_MILLIS, PASS_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(limits::pollMemory, MEMORY_POLL_MILLIS, MEMORY_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    public SimConfig config() { return config; }
    public SimClock clock() { return clock; }

    /** Runs {@code reader} under the lock: a consistent snapshot for printing. */
    public synchronized <T> T read(Supplier<T> reader) {
        return reader.get();
    }

    /** Every job ever submitted (accounting keeps them all), in submission order. */
    public synchronized List<SimJob> jobs() {
        return List.copyOf(jobs);
    }

    public synchronized Optional<SimJob> job(long id) {
        return jobs.stream().filter(j -> j.id() == id).findFirst();
    }

    public synchronized List<SimNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Draws the next job id (dialects also draw one per started SLURM task). */
    public synchronized long nextJobId() {
        return nextJobId++;
    }

    /**
     * Sets the id the next submission gets (ids only grow): lets tests reproduce a captured
     * cluster's ids exactly, and a restarted simulator continue its numbering.
     */
    public synchronized void setNextJobId(long id) {
        if (id < nextJobId) {
            throw new IllegalArgumentException("job ids only grow: next is " + nextJobId + ", asked " + id);
        }
        nextJobId = id;
    }

    public synchronized long peekNextJobId() {
        return nextJobId;
    }

    /** Queues a job under {@code id} (from {@link #nextJobId()}). */
    public synchronized SimJob submit(long id, JobSpec spec) {
        SimJob job = new SimJob(id, sequence++, spec, clock.now());
        jobs.add(job);
        requestPass();
        return job;
    }

    /** Records a job that is born finished (SLURM keeps a FAILED record of some rejected submissions). */
    public synchronized SimJob recordFailed(long id, JobSpec spec, int exitCode) {
        SimJob job = new SimJob(id, sequence++, spec, clock.now());
        for (SimTask t : job.tasks()) {
            t.state = TaskState.FAILED;
            t.exitCode = exitCode;
            t.startTime = job.submitTime();
            t.endTime = job.submitTime();
            t.endCause = EndCause.EXITED;
        }
        jobs.add(job);
        return job;
    }

    /** Tasks (not removed) that are pending or running, of {@code user}: what QOS submit limits count. */
    public synchronized int activeTaskCount(String user) {
        int n = 0;
        for (SimJob j : jobs) {
            if (j.user().equals(user)) {
                for (SimTask t : j.tasks()) {
                    if (!t.removed && !t.state.isFinished()) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * Cancels one task. A running task is signalled (SIGTERM, SIGKILL after KillWait); a pending
     * one ends CANCELLED without starting, or, with {@code vanishIfPending}, disappears entirely
     * (SLURM, fixtures trap 7). Finished tasks are left alone.
     */
    public synchronized void cancel(SimTask task, String by, boolean vanishIfPending) {
        if (task.state == TaskState.PENDING) {
            task.state = TaskState.CANCELLED;
            task.endTime = clock.now();
            task.cancelledBy = by;
            task.removed = vanishIfPending;
            requestPass();
        } else if (task.state == TaskState.RUNNING && task.killCause == null) {
            task.cancelledBy = by;
            processes.terminate(task, EndCause.CANCELLED, false);
        }
    }

    /** Marks the whole job cancelled now (for the remainder record SLURM keeps), and cancels every task. */
    public synchronized void cancelJob(SimJob job, String by) {
        if (job.cancelTime == null && !job.allFinished()) {
            job.cancelTime = clock.now();
        }
        for (SimTask t : job.tasks()) {
            cancel(t, by, false);
        }
    }

    public synchronized void hold(SimJob job) {
        job.held = true;
    }

    public synchronized void release(SimJob job) {
        job.held = false;
        requestPass();
    }

    /** Takes a node down: its running tasks end NODE_FAIL and nothing starts there until it is back. */
    public synchronized void setNodeUp(String name, boolean up) {
        for (SimNode n : nodes) {
            if (n.name().equals(name)) {
                n.setUp(up);
                if (!up) {
                    for (SimJob j : jobs) {
                        for (SimTask t : j.tasks()) {
                            if (t.state == TaskState.RUNNING && t.nodes.contains(name)) {
                                processes.terminate(t, EndCause.NODE_FAIL, true);
                            }
                        }
                    }
                }
                requestPass();
                return;
            }
        }
        throw new IllegalArgumentException("no such node: " + name);
    }

    /** Hides a job from the live listing now, whatever its state (a fault: "jobs vanishing"). */
    public synchronized void vanish(SimJob job) {
        for (SimTask t : job.tasks()) {
            t.purged = true;
        }
    }

    /** Consulted whenever a task finishes: {@code true} hides it from the listing at once. */
    public void vanishFinishedWhen(BooleanSupplier decision) {
        processes.vanishFinishedWhen(decision);
    }

    /** Asks for a scheduling pass soon (submissions and task ends call this). */
    public void requestPass() {
        if (!closed && passRequested.compareAndSet(false, true)) {
            scheduler.execute(this::safePass);
        }
    }

    // ---------------------------------------------------------------- the pass

    private void safePass() {
        passRequested.set(false);
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduling pass failed", e);
        }
    }

    /** One scheduling pass: kill what overran its time, start what fits, purge what aged out. */
    private synchronized void pass() {
        if (closed) {
            return;
        }
        limits.enforceTimeLimits(clock.exactNow());
        placement.startWhatFits();
        purge(clock.now());
    }

    /** Finished tasks leave the live listing when the dialect says (MinJobAge, PBS history). */
    private void purge(Instant now) {
        for (SimJob j : jobs) {
            for (SimTask t : j.tasks()) {
                if (!t.purged && !t.removed && t.state.isFinished() && j.runtime().purgeable(t, now)) {
                    t.purged = true;
                }
            }
        }
    }

    /**
     * Waits at most {@code atMost} for the running tasks to end on their own, their output staged.
     * A client that follows the ledger is done when every entry's end record is written, while the
     * job scripts are still in their last lines: closing the cluster then would kill them before
     * PBS's stage-out, which a real cluster, outliving the client, always does.
     *
     * @return true when nothing runs any more
     */
    public synchronized boolean awaitRunningEnd(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!TaskProcesses.withProcess(jobs).isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        List<SimTask> running;
        synchronized (this) {
            closed = true;
            running = TaskProcesses.withProcess(jobs);
        }
        TaskProcesses.kill(running);
        scheduler.shutdownNow();
        reapers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
