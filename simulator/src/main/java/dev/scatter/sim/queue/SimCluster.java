package dev.scatter.sim.queue;

import dev.scatter.sim.SimClock;
import dev.scatter.sim.SimConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>Backfill is the simple kind: a later job starts whenever it fits on what is free now; no
 * resources are reserved for a blocked earlier job (real backfill computes a shadow time).
 *
 * <p>Thread-safety: one lock (this object). Dialects read state inside {@link #read} and change
 * it through the public methods, which take the lock themselves.
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
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private volatile BooleanSupplier vanishOnFinish = () -> false;
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
        scheduler.scheduleWithFixedDelay(this::safePass, PASS_MILLIS, PASS_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::pollMemory, MEMORY_POLL_MILLIS, MEMORY_POLL_MILLIS, TimeUnit.MILLISECONDS);
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
            terminate(task, EndCause.CANCELLED, false);
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
                                terminate(t, EndCause.NODE_FAIL, true);
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
        this.vanishOnFinish = decision;
    }

    /** Asks for a scheduling pass soon (submissions and task ends call this). */
    public void requestPass() {
        if (!closed && passRequested.compareAndSet(false, true)) {
            scheduler.execute(this::safePass);
        }
    }

    // ---------------------------------------------------------------- scheduling

    private void safePass() {
        passRequested.set(false);
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduling pass failed", e);
        }
    }

    private synchronized void pass() {
        if (closed) {
            return;
        }
        Instant now = clock.exactNow();
        enforceTimeLimits(now);
        startWhatFits();
        purge(clock.now());
    }

    private void enforceTimeLimits(Instant now) {
        for (SimJob j : jobs) {
            Duration limit = j.request().timeLimit();
            if (limit == null) {
                continue;
            }
            for (SimTask t : j.tasks()) {
                if (t.state == TaskState.RUNNING && t.killCause == null
                        && Duration.between(t.startTime, now).compareTo(limit) > 0) {
                    terminate(t, EndCause.TIME_LIMIT, false);
                }
            }
        }
    }

    private void startWhatFits() {
        boolean someoneBlocked = false;
        List<SimJob> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingLong(SimJob::sequence));
        for (SimJob job : order) {
            List<SimTask> pending = new ArrayList<>();
            for (SimTask t : job.tasks()) {
                if (t.state == TaskState.PENDING) {
                    pending.add(t);
                }
            }
            if (pending.isEmpty()) {
                continue;
            }
            WaitReason gate = gate(job);
            if (gate != null) {
                setReason(pending, gate);
                continue;
            }
            List<Integer> pendingBefore = pending.stream().map(SimTask::index).toList();
            List<SimTask> started = new ArrayList<>();
            int running = job.runningCount();
            for (int i = 0; i < pending.size(); i++) {
                SimTask task = pending.get(i);
                if (job.throttle() > 0 && running >= job.throttle()) {
                    setReason(pending.subList(i, pending.size()), WaitReason.THROTTLE);
                    break;
                }
                List<SimNode> allocation = allocate(job.request());
                if (allocation == null) {
                    setReason(pending.subList(i, pending.size()), someoneBlocked ? WaitReason.PRIORITY : WaitReason.RESOURCES);
                    someoneBlocked = true;
                    break;
                }
                start(task, allocation);
                started.add(task);
                running++;
            }
            if (!started.isEmpty()) {
                job.runtime().afterStart(job, started, pendingBefore);
            }
        }
    }

    /** A reason that keeps every task of the job waiting, or {@code null} if it may start. */
    private WaitReason gate(SimJob job) {
        ResourceRequest r = job.request();
        if (r.nodes() > nodes.size()) {
            return WaitReason.TOO_MANY_NODES;
        }
        if (r.cpus() > config.coresPerNode()) {
            return WaitReason.TOO_MANY_CPUS;
        }
        if (r.memoryMb() > config.memoryMbPerNode()) {
            return WaitReason.TOO_MUCH_MEMORY;
        }
        if (r.timeCap() != null && r.timeLimit() != null && r.timeLimit().compareTo(r.timeCap()) > 0) {
            return WaitReason.TIME_LIMIT_TOO_LONG;
        }
        if (job.held) {
            return WaitReason.HELD;
        }
        if (job.dependency() != null) {
            Dependency.Status status = dependencyStatus(job.dependency());
            if (status == Dependency.Status.WAITING) {
                return WaitReason.DEPENDENCY;
            }
            if (status == Dependency.Status.NEVER) {
                return WaitReason.DEPENDENCY_NEVER;
            }
        }
        return null;
    }

    private Dependency.Status dependencyStatus(Dependency dependency) {
        Dependency.Status result = Dependency.Status.SATISFIED;
        for (long id : dependency.jobIds()) {
            SimJob other = jobs.stream().filter(j -> j.id() == id).findFirst().orElse(null);
            if (other == null) {
                continue;
            }
            Dependency.Status s = other.statusFor(dependency.type());
            if (s == Dependency.Status.NEVER) {
                return s;
            }
            if (s == Dependency.Status.WAITING) {
                result = s;
            }
        }
        return result;
    }

    private static void setReason(List<SimTask> tasks, WaitReason reason) {
        for (SimTask t : tasks) {
            t.reason = reason;
            if (reason != WaitReason.NONE) {
                t.lastWaitReason = reason;
            }
        }
    }

    private List<SimNode> allocate(ResourceRequest r) {
        List<SimNode> chosen = new ArrayList<>();
        for (SimNode n : nodes) {
            if (n.fits(r)) {
                chosen.add(n);
                if (chosen.size() == r.nodes()) {
                    chosen.forEach(c -> c.allocate(r));
                    return chosen;
                }
            }
        }
        return null;
    }

    private void start(SimTask task, List<SimNode> allocation) {
        SimJob job = task.job();
        task.state = TaskState.RUNNING;
        task.reason = WaitReason.NONE;
        task.startTime = clock.now();
        task.nodes = allocation.stream().map(SimNode::name).toList();
        LaunchPlan plan;
        try {
            plan = job.runtime().plan(task, task.nodes);
            ProcessBuilder pb = new ProcessBuilder(plan.argv()).directory(plan.workingDir().toFile());
            pb.environment().clear();
            pb.environment().putAll(plan.environment());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            createParent(plan.stdout());
            createParent(plan.stderr());
            pb.redirectOutput(plan.append() ? ProcessBuilder.Redirect.appendTo(plan.stdout().toFile())
                    : ProcessBuilder.Redirect.to(plan.stdout().toFile()));
            if (plan.stderr().equals(plan.stdout())) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(plan.append() ? ProcessBuilder.Redirect.appendTo(plan.stderr().toFile())
                        : ProcessBuilder.Redirect.to(plan.stderr().toFile()));
            }
            Process process = pb.start();
            task.process = process;
            task.pid = process.pid();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.INFO, "task " + task + " could not start: " + e.getMessage());
            // the batch step fails at once, as a real job whose output file cannot be opened
            finishLocked(task, 1, EndCause.EXITED);
            return;
        }
        Process process = task.process;
        reapers.execute(() -> reap(task, process));
    }

    private static void createParent(java.nio.file.Path file) throws IOException {
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("no such directory: " + parent);
        }
    }

    private void reap(SimTask task, Process process) {
        int rc;
        try {
            rc = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<ProcessHandle> leftovers;
        synchronized (this) {
            leftovers = task.knownDescendants;
        }
        // the job's other processes die with it, as with proctrack/linuxproc
        ProcessTree.signal(leftovers, true);
        EndCause cause;
        synchronized (this) {
            cause = task.killCause != null ? task.killCause : EndCause.EXITED;
            task.endTime = clock.now();
            task.endCause = cause;
            // Process.exitValue() is 128+N when the process died of signal N
            if (rc > 128 && rc <= 128 + 64) {
                task.signal = rc - 128;
                task.exitCode = 0;
            } else {
                task.exitCode = rc;
            }
        }
        try {
            task.job().runtime().finished(task);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "finishing " + task + " failed", e);
        }
        synchronized (this) {
            publishEnd(task, cause);
        }
        requestPass();
    }

    private void finishLocked(SimTask task, int exitCode, EndCause cause) {
        task.endTime = clock.now();
        task.exitCode = exitCode;
        task.endCause = cause;
        task.job().runtime().finished(task);
        publishEnd(task, cause);
    }

    private void publishEnd(SimTask task, EndCause cause) {
        task.state = switch (cause) {
            case EXITED -> task.exitCode == 0 && task.signal == 0 ? TaskState.COMPLETED : TaskState.FAILED;
            case TIME_LIMIT -> TaskState.TIMEOUT;
            case MEMORY_LIMIT -> TaskState.OUT_OF_MEMORY;
            case CANCELLED -> TaskState.CANCELLED;
            case NODE_FAIL -> TaskState.NODE_FAIL;
        };
        task.process = null;
        for (String name : task.nodes) {
            nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                    .ifPresent(n -> n.release(task.job().request()));
        }
        if (vanishOnFinish.getAsBoolean()) {
            task.purged = true;
        }
    }

    /**
     * Signals a running task's processes. SIGTERM first, SIGKILL after KillWait, as slurmd does;
     * {@code force} kills at once (memory kill, node failure).
     */
    private void terminate(SimTask task, EndCause cause, boolean force) {
        if (task.killCause != null || task.process == null) {
            return;
        }
        task.killCause = cause;
        List<ProcessHandle> members = ProcessTree.members(task.process.toHandle());
        task.knownDescendants = members.subList(1, members.size());
        ProcessTree.signal(members, force);
        if (!force) {
            long wait = Math.max(100, clock.toReal(config.killWait()).toMillis());
            scheduler.schedule(() -> ProcessTree.signal(members, true), wait, TimeUnit.MILLISECONDS);
        }
    }

    private void purge(Instant now) {
        for (SimJob j : jobs) {
            for (SimTask t : j.tasks()) {
                if (!t.purged && !t.removed && t.state.isFinished() && j.runtime().purgeable(t, now)) {
                    t.purged = true;
                }
            }
        }
    }

    // ---------------------------------------------------------------- memory

    private void pollMemory() {
        List<SimTask> running = new ArrayList<>();
        synchronized (this) {
            for (SimJob j : jobs) {
                for (SimTask t : j.tasks()) {
                    if (t.state == TaskState.RUNNING && t.process != null) {
                        running.add(t);
                    }
                }
            }
        }
        for (SimTask t : running) {
            Process p = t.process;
            if (p == null) {
                continue;
            }
            List<ProcessHandle> members = ProcessTree.members(p.toHandle());
            long rss = ProcessTree.rssKb(members);
            synchronized (this) {
                if (t.state != TaskState.RUNNING) {
                    continue;
                }
                t.knownDescendants = members.subList(1, members.size());
                t.lastRssKb = rss;
                t.maxRssKb = Math.max(t.maxRssKb, rss);
                ResourceRequest r = t.job().request();
                if (r.enforceMemory() && r.memoryMb() > 0 && rss > r.memoryMb() * 1024) {
                    terminate(t, EndCause.MEMORY_LIMIT, true);
                }
            }
        }
    }

    @Override
    public void close() {
        List<SimTask> running = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (SimJob j : jobs) {
                for (SimTask t : j.tasks()) {
                    if (t.state == TaskState.RUNNING && t.process != null) {
                        running.add(t);
                    }
                }
            }
        }
        for (SimTask t : running) {
            Process p = t.process;
            if (p != null) {
                ProcessTree.signal(ProcessTree.members(p.toHandle()), true);
            }
        }
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
