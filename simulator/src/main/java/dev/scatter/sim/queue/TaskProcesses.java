package dev.scatter.sim.queue;

import dev.scatter.sim.SimClock;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tasks as real processes: started from the dialect's {@link LaunchPlan}, reaped on a thread of
 * their own, signalled when the scheduler ends them early, and their end published (state, freed
 * nodes).
 *
 * <p>Locking: the cluster's monitor guards every task field. Methods marked "under the lock"
 * expect the caller to hold it; the reaper takes it itself, and never while it waits for a process.
 */
final class TaskProcesses {

    // the queue logs under one name, whichever part of it speaks
    private static final Logger LOG = Logger.getLogger(SimCluster.class.getName());

    private final SimCluster cluster;
    private final SimClock clock;
    private final Duration killWait;
    private final List<SimNode> nodes;
    private final ScheduledExecutorService timers;
    private final ExecutorService reapers;
    private volatile BooleanSupplier vanishOnFinish = () -> false;

    /**
     * @param nodes   the cluster's own node list (read under the lock), where ended tasks give back
     *                what they held
     * @param timers  runs the delayed SIGKILL after KillWait
     * @param reapers one thread per running process, blocked in {@code waitFor}
     */
    TaskProcesses(SimCluster cluster, List<SimNode> nodes, ScheduledExecutorService timers, ExecutorService reapers) {
        this.cluster = cluster;
        this.clock = cluster.clock();
        this.killWait = cluster.config().killWait();
        this.nodes = nodes;
        this.timers = timers;
        this.reapers = reapers;
    }

    /** Consulted whenever a task finishes: {@code true} hides it from the listing at once. */
    void vanishFinishedWhen(BooleanSupplier decision) {
        this.vanishOnFinish = decision;
    }

    /** Under the lock: the tasks of {@code jobs} that run and have a process to watch or kill. */
    static List<SimTask> withProcess(List<SimJob> jobs) {
        List<SimTask> running = new ArrayList<>();
        for (SimJob j : jobs) {
            for (SimTask t : j.tasks()) {
                if (t.state == TaskState.RUNNING && t.process != null) {
                    running.add(t);
                }
            }
        }
        return running;
    }

    /** Under the lock: marks the task running on {@code allocation} and starts its process. */
    void start(SimTask task, List<SimNode> allocation) {
        task.state = TaskState.RUNNING;
        task.reason = WaitReason.NONE;
        task.startTime = clock.now();
        task.nodes = allocation.stream().map(SimNode::name).toList();
        try {
            Process process = launch(task.job().runtime().plan(task, task.nodes));
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

    private static Process launch(LaunchPlan plan) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(plan.argv()).directory(plan.workingDir().toFile());
        pb.environment().clear();
        pb.environment().putAll(plan.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        requireParent(plan.stdout());
        requireParent(plan.stderr());
        pb.redirectOutput(plan.append() ? ProcessBuilder.Redirect.appendTo(plan.stdout().toFile())
                : ProcessBuilder.Redirect.to(plan.stdout().toFile()));
        if (plan.stderr().equals(plan.stdout())) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(plan.append() ? ProcessBuilder.Redirect.appendTo(plan.stderr().toFile())
                    : ProcessBuilder.Redirect.to(plan.stderr().toFile()));
        }
        return pb.start();
    }

    /** The scheduler creates no directories: an output path in a missing one fails the task. */
    private static void requireParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
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
        synchronized (cluster) {
            leftovers = task.knownDescendants;
        }
        // the job's other processes die with it, as with proctrack/linuxproc
        ProcessTree.signal(leftovers, true);
        EndCause cause;
        synchronized (cluster) {
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
            // outside the lock: the dialect may copy output files (PBS stage-out)
            task.job().runtime().finished(task);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "finishing " + task + " failed", e);
        }
        synchronized (cluster) {
            publishEnd(task, cause);
        }
        cluster.requestPass();
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
        cluster.notifyAll();   // under the lock: SimCluster.awaitRunningEnd waits for this
    }

    /**
     * Under the lock: signals a running task's processes. SIGTERM first, SIGKILL after KillWait,
     * as slurmd does; {@code force} kills at once (memory kill, node failure). The reaper
     * publishes the end with {@code cause}.
     */
    void terminate(SimTask task, EndCause cause, boolean force) {
        if (task.killCause != null || task.process == null) {
            return;
        }
        task.killCause = cause;
        List<ProcessHandle> members = ProcessTree.members(task.process.toHandle());
        task.knownDescendants = members.subList(1, members.size());
        ProcessTree.signal(members, force);
        if (!force) {
            long wait = Math.max(100, clock.toReal(killWait).toMillis());
            timers.schedule(() -> ProcessTree.signal(members, true), wait, TimeUnit.MILLISECONDS);
        }
    }

    /** SIGKILL to each task's process tree at once (the cluster is closing). */
    static void kill(List<SimTask> tasks) {
        for (SimTask t : tasks) {
            Process p = t.process;
            if (p != null) {
                ProcessTree.signal(ProcessTree.members(p.toHandle()), true);
            }
        }
    }
}
