package dev.scatter.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.Resources;
import dev.scatter.core.testkit.TestRuns;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million-entry run's status, retry and report in a heap far smaller than a million statuses: every read
 * path holds what its tasks cost, not its entries (issue 17). The records are written here as a
 * cluster's tasks write them (tasks/T.res), one entry in a hundred failed; the reading runs in a
 * JVM of its own with {@value #HEAP} of heap (a million EntryStatus objects alone take more).
 */
class MemoryBoundsTest {

    private static final int ENTRIES = 1_000_000;
    private static final int CHUNK = 1_000;
    private static final String HEAP = "-Xmx96m";

    @TempDir
    Path dir;

    @Test
    void aMillionEntriesStatusRetryAndReportFitInASmallHeap() throws Exception {
        RunDir run = TestRuns.range(dir, new LocalBackend(), "1.." + ENTRIES, CHUNK, Resources.defaults(), "true");
        AttemptDir a = run.latestAttempt();
        Files.createDirectories(a.tasksDir());
        for (int t = 0; t < ENTRIES / CHUNK; t++) {
            try (BufferedWriter w = Files.newBufferedWriter(a.results(t), StandardCharsets.UTF_8)) {
                double time = 1_800_000_000.0 + t;
                for (int e = t * CHUNK + 1; e <= (t + 1) * CHUNK; e++) {
                    w.write("B " + e + " " + time + " node" + (t % 7) + " 4242\nC " + e + " 0.001 0.000\nE " + e + " "
                            + (e % 100 == 0 ? 1 : 0) + " " + (time + 0.001) + "\n");
                }
            }
        }

        String out = inASmallHeap(StatusOfAMillion.class, HEAP, run.root().toString());
        assertThat(out.strip()).isEqualTo("succeeded 990000 990000 failed 10000 ended 1000000 retried 10000"
                + " report 1000 tasks 1000000 runtimes 990000 measured 10000 FAILED (exit 1)");
    }

    @Test
    void cancellingAMillionEntriesThatHaveNotBegunAndRetryingThemFitInASmallHeap() throws Exception {
        RunDir run = TestRuns.range(dir, new LocalBackend(), "1.." + ENTRIES, CHUNK, Resources.defaults(), "true");
        // no executor runs it: every task waits, none has a record

        String out = inASmallHeap(CancelOfAMillion.class, "-Xmx40m", dir.toString(), run.root().toString());

        assertThat(out.strip()).as("a status shared by each task, and a range per cancel in the ledger")
                .isEqualTo("cancelled 1000000 finished 0 status 1000000 of 1000000 shown 10 lines 1 retried 1000000 last 1000000 true 1000000");
    }

    /** Runs {@code main} in a JVM of its own with {@code heap}; its output, once it exited 0. */
    private static String inASmallHeap(Class<?> main, String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
