package dev.scatter.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process and all its descendants, summed from {@code /proc/PID/statm}.
 * Chosen over cgroups because a writable cgroup is rarely available to users (not in containers
 * without privileges, not on most login nodes); sampling every 200 ms can miss a very short spike,
 * which cgroups would not.
 */
final class ProcessTreeMemory {

    private static final long PAGE = 4096;

    private ProcessTreeMemory() {
    }

    static long residentBytes(ProcessHandle root) {
        long total = resident(root.pid());
        for (ProcessHandle child : (Iterable<ProcessHandle>) root.descendants()::iterator) {
            total += resident(child.pid());
        }
        return total;
    }

    private static long resident(long pid) {
        try {
            String[] fields = Files.readString(Path.of("/proc", Long.toString(pid), "statm")).trim().split(" ");
            return Long.parseLong(fields[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return 0;   // the process ended between listing and reading
        }
    }
}
