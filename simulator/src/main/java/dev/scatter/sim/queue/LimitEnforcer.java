package dev.scatter.sim.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Ends tasks that overrun what they asked for: the time limit (checked at each scheduling pass)
 * and memory, polled from {@code /proc} like SLURM's {@code jobacct_gather/linux}, which also
 * gives sacct its MaxRSS.
 */
final class LimitEnforcer {

    private final SimCluster cluster;
    private final List<SimJob> jobs;
    private final TaskProcesses processes;

    /** {@code jobs} is the cluster's own list, read under its lock. */
    LimitEnforcer(SimCluster cluster, List<SimJob> jobs, TaskProcesses processes) {
        this.cluster = cluster;
        this.jobs = jobs;
        this.processes = processes;
    }

    /** Under the lock: SIGTERM (then SIGKILL after KillWait) to running tasks past their time limit. */
    void enforceTimeLimits(Instant now) {
        for (SimJob j : jobs) {
            Duration limit = j.request().timeLimit();
            if (limit == null) {
                continue;
            }
            for (SimTask t : j.tasks()) {
                if (t.state == TaskState.RUNNING && t.killCause == null
                        && Duration.between(t.startTime, now).compareTo(limit) > 0) {
                    processes.terminate(t, EndCause.TIME_LIMIT, false);
                }
            }
        }
    }

    /**
     * Samples every running task's RSS (the whole process tree) and kills at once those over an
     * enforced memory request. Takes the lock itself, but not while it reads {@code /proc}.
     */
    void pollMemory() {
        List<SimTask> running;
        synchronized (cluster) {
            running = TaskProcesses.withProcess(jobs);
        }
        for (SimTask t : running) {
            Process p = t.process;
            if (p == null) {
                continue;
            }
            List<ProcessHandle> members = ProcessTree.members(p.toHandle());
            ProcessTree.Sample sample = ProcessTree.sample(members);
            long rss = sample.rssKb();
            long cpu = sample.cpuMillis();
            synchronized (cluster) {
                if (t.state != TaskState.RUNNING) {
                    continue;
                }
                t.knownDescendants = members.subList(1, members.size());
                t.lastRssKb = rss;
                t.maxRssKb = Math.max(t.maxRssKb, rss);
                t.cpuMillis = Math.max(t.cpuMillis, cpu);
                ResourceRequest r = t.job().request();
                if (r.enforceMemory() && r.memoryMb() > 0 && rss > r.memoryMb() * 1024) {
                    processes.terminate(t, EndCause.MEMORY_LIMIT, true);
                }
            }
        }
    }
}
