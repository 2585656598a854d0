package dev.scatter.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the simulator reads about the real machine: total memory and the real uid (from /proc). */
final class MachineFacts {

    private MachineFacts() {
    }

    static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: fall through to a guess
        }
        return 8000;
    }

    static int uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return 1000;
    }
}
