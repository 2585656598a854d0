package dev.scatter.sim;

import dev.scatter.sim.testing.SimHarness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrency is judged from the tasks' own records (each task writes its start and end time),
 * not from the simulator's bookkeeping.
 */
class ConcurrencyTest {

    private static final String RECORDING_SCRIPT = "#!/bin/bash\n"
            + "echo \"$EPOCHREALTIME\" > \"$SLURM_SUBMIT_DIR/rec/$SLURM_ARRAY_TASK_ID.start\"\n"
            + "sleep %s\n"
            + "echo \"$EPOCHREALTIME\" > \"$SLURM_SUBMIT_DIR/rec/$SLURM_ARRAY_TASK_ID.end\"\n";

    @Test
    void neverRunsMoreTasksThanTheCoresAllowOnA2000TaskArray() throws IOException {
        try (SimHarness h = SimHarness.slurm(b -> b.nodes(2).coresPerNode(8).memoryMbPerNode(16000).maxArraySize(5000))) {
            Files.createDirectories(h.fx().resolve("rec"));
            h.write("rec.sh", String.format(RECORDING_SCRIPT, "0.01"));
            long started = System.nanoTime();
            assertThat(h.sh("sbatch --parsable --array=0-1999 -c 4 -o /dev/null rec.sh").stdout()).isEqualTo("1\n");
            h.awaitJobFinished(1, Duration.ofSeconds(90));
            System.out.printf("2000 tasks (-c 4 on 2 x 8 cores) ran in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            List<double[]> spans = spans(h.fx().resolve("rec"), 2000);
            assertThat(maxOverlap(spans)).isLessThanOrEqualTo(4).isGreaterThanOrEqualTo(2);
            assertThat(h.sh("sacct -n -X -P -j 1 -o State").stdout().lines().distinct().toList()).containsExactly("COMPLETED");
        }
    }

    @Test
    void honoursTheArrayThrottle() throws IOException {
        try (SimHarness h = SimHarness.slurm(b -> b.coresPerNode(16).memoryMbPerNode(16000))) {
            Files.createDirectories(h.fx().resolve("rec"));
            h.write("rec.sh", String.format(RECORDING_SCRIPT, "0.1"));
            h.sh("sbatch --parsable --array=0-19%3 -o /dev/null rec.sh");
            h.awaitRunning(1, 2);
            assertThat(h.sh("squeue -h -o %i|%r").stdout()).startsWith("1_[3-19%3]|JobArrayTaskLimit\n");
            h.awaitJobFinished(1, Duration.ofSeconds(30));
            assertThat(maxOverlap(spans(h.fx().resolve("rec"), 20))).isEqualTo(3);
        }
    }

    private static List<double[]> spans(Path dir, int n) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new double[] {read(dir.resolve(i + ".start")), read(dir.resolve(i + ".end"))});
        }
        return out;
    }

    private static double read(Path p) {
        try {
            return new BigDecimal(Files.readString(p).trim()).doubleValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The most spans open at one moment (an end and a start at the same instant do not overlap). */
    static int maxOverlap(List<double[]> spans) {
        List<double[]> events = new ArrayList<>();
        for (double[] s : spans) {
            events.add(new double[] {s[0], +1});
            events.add(new double[] {s[1], -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int open = 0;
        int max = 0;
        for (double[] e : events) {
            open += (int) e[1];
            max = Math.max(max, open);
        }
        return max;
    }
}
