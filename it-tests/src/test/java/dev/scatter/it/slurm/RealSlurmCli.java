package dev.scatter.it.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatter.it.cli.ScatterCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.TestInfo;

/**
 * The packaged CLI as a user on the container's "login node" runs it: the PATH shims first (so
 * {@code --backend auto} finds sbatch), a 1 s poll floor, the working directory inside the
 * directory shared with the cluster, and umask 000 (jobs run as slurmxuser and write into the
 * ledger the CLI creates).
 */
final class RealSlurmCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlurmContainer slurm;
    private final Map<String, String> env;

    RealSlurmCli(SlurmContainer slurm, Path shimDir) {
        this.slurm = slurm;
        this.env = Map.of("PATH", slurm.writePathShims(shimDir) + ":" + System.getenv("PATH"), "SCATTER_POLL_FLOOR", "1s");
    }

    ScatterCli in(Path dir) {
        return new ScatterCli(dir, env, "000");
    }

    /** A fresh job directory named after the test. */
    Path directory(String prefix, TestInfo test) {
        return slurm.createJobDirectory(prefix + test.getTestMethod().orElseThrow().getName());
    }

    static JsonNode statusJson(ScatterCli cli) {
        ScatterCli.Result r = cli.run("status", "--json", "--all");
        assertThat(r.exitCode()).as(r.toString()).isIn(0, 1);
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(r.toString(), e);
        }
    }

    /** Polls {@code scatter status --json --all} until {@code done} holds; returns that answer. */
    static JsonNode awaitStatus(String what, ScatterCli cli, Duration atMost, Predicate<JsonNode> done) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await(what).atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
            last.set(statusJson(cli));
            return done.test(last.get());
        });
        return last.get();
    }
}
