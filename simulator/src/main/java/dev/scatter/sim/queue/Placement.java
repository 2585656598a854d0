package dev.scatter.sim.queue;

import dev.scatter.sim.SimConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which pending tasks start now, and on which nodes: FIFO by submission with the simple kind of
 * backfill (a later job starts whenever it fits on what is free now; no resources are reserved
 * for a blocked earlier job, where real backfill computes a shadow time). Tasks left waiting get
 * the reason squeue and qstat print.
 *
 * <p>Runs under the cluster's lock, as part of each scheduling pass.
 */
final class Placement {

    private final SimConfig config;
    private final List<SimJob> jobs;
    private final List<SimNode> nodes;
    private final TaskProcesses processes;

    /** {@code jobs} and {@code nodes} are the cluster's own lists. */
    Placement(SimConfig config, List<SimJob> jobs, List<SimNode> nodes, TaskProcesses processes) {
        this.config = config;
        this.jobs = jobs;
        this.nodes = nodes;
        this.processes = processes;
    }

    void startWhatFits() {
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
                processes.start(task, allocation);
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

    /** The first {@code r.nodes()} nodes with room, now holding the request; {@code null} if too few. */
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
}
