package dev.scatter.core.ledger;

import dev.scatter.core.io.AppendOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An attempt's measured peak memory per task ({@code usage}: "TASK PEAK_BYTES" lines, appended by
 * whoever measures it; the local executor samples each task's process tree). A task that ran
 * twice keeps its larger peak.
 */
public final class TaskUsage {

    private TaskUsage() {
    }

    public static Path file(AttemptDir attempt) {
        return attempt.root().resolve("usage");
    }

    public static synchronized void append(AttemptDir attempt, int task, long peakBytes) {
        AppendOnly.append(file(attempt), task + " " + peakBytes + "\n");
    }

    public static Map<Integer, Long> read(AttemptDir attempt) {
        Map<Integer, Long> peaks = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file(attempt), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length == 2) {
                    try {
                        peaks.merge(Integer.parseInt(f[0]), Long.parseLong(f[1]), Math::max);
                    } catch (NumberFormatException torn) {
                        // skip
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return peaks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return peaks;
    }
}
