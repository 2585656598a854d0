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

    /** Sum of VmRSS over the tree, in KB. */
    static long rssKb(List<ProcessHandle> members) {
        long total = 0;
        for (ProcessHandle p : members) {
            total += rssKb(p.pid());
        }
        return total;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
            // the process ended between listing and reading
        }
        return 0;
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
