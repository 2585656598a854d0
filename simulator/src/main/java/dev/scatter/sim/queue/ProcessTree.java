package dev.scatter.sim.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's process and its descendants, read from {@code /proc} like SLURM's
 * {@code jobacct_gather/linux} does (fixtures: "Memory enforcement without cgroups").
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /** The root and every live descendant. */
    static List<ProcessHandle> members(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /** What one look at the tree saw: resident memory and CPU time, summed over its members. */
    record Sample(long rssKb, long cpuMillis) {
    }

    /** Clock ticks per second of /proc/PID/stat's times: USER_HZ, 100 on every Linux build in use. */
    private static final long TICKS_PER_SECOND = 100;
    /** kB per page: 4 on x86-64 (getconf PAGESIZE), where the simulator runs. */
    private static final long PAGE_KB = 4;

    /**
     * RSS and user + system CPU time over the tree, from one read of each member's
     * {@code /proc/PID/stat} (proc(5): utime and stime are fields 14 and 15, in clock ticks; rss is
     * field 24, in pages, the count VmRSS shows in kB). One file per member and sample, as SLURM's
     * jobacct_gather/linux reads it; a member that ended meanwhile counts 0.
     */
    static Sample sample(List<ProcessHandle> members) {
        long rssPages = 0;
        long ticks = 0;
        for (ProcessHandle p : members) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                rssPages += Long.parseLong(f[21]);
            } catch (IOException | RuntimeException ended) {
                // the process ended between listing and reading
            }
        }
        return new Sample(rssPages * PAGE_KB, ticks * 1000 / TICKS_PER_SECOND);
    }

    /**
     * SIGTERM ({@code force=false}) or SIGKILL to every member, the job's shell first. Descendants
     * are signalled too: a shell with a TERM trap does not act on it while it waits for a
     * foreground child such as {@code sleep}. The shell goes first so that it cannot outlive its
     * child long enough to print "Terminated" into the job's output (real SLURM does not).
     */
    static void signal(List<ProcessHandle> members, boolean force) {
        for (int i = 0; i < members.size(); i++) {
            ProcessHandle p = members.get(i);
            if (p.isAlive()) {
                if (force) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
            }
        }
    }
}
