package dev.scatter.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.LiveView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror as the lifecycle uses it, against a "cluster" in a local directory reached through a
 * real bash ({@link LocalShell}): a run's copy goes up once, what its jobs append comes down once,
 * however many followers look at the same time, and {@code rm} removes the copy there.
 */
class RemoteBackendTest {

    @TempDir
    Path here;
    @TempDir
    Path cluster;

    private final LocalShell shell = new LocalShell();

    private RunDir run() throws Exception {
        RemoteTarget target = new RemoteTarget("hpc", cluster.toString());
        RunDir run = new RunDir(Files.createDirectories(here.resolve(".scatter/runs/1")));
        Files.createDirectories(run.attempt(1).tasksDir());
        run.writeSpec(new RunSpec("1", "t", Instant.EPOCH, cluster, "range 1..2", List.of(), 2, 0, List.of("echo", "{}"), false,
                Resources.defaults(), 1, "slurm", true, "0123456789abcdef", false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(target)));
        return run;
    }

    @Test
    void shouldBringDownWhatJobsAppendedOnceWhateverHowManyLookAtOnce() throws Exception {
        RunDir run = run();
        RemoteBackend backend = new RemoteBackend(new NoScheduler(), shell);
        backend.publish(run);
        Path remoteRes = cluster.resolve(".scatter/runs/1/attempts/1/tasks/0.res");
        assertThat(remoteRes.getParent()).isDirectory();

        StringBuilder written = new StringBuilder();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 15; round++) {
                String line = "B " + round + " 1.0 host 12\n";
                Files.writeString(remoteRes, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                written.append(line);
                List<Future<Object>> looks = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    looks.add(pool.submit((Callable<Object>) () -> {
                        backend.refresh(run);
                        return null;
                    }));
                }
                for (Future<Object> f : looks) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readString(run.attempt(1).results(0))).isEqualTo(written.toString());
    }

    @Test
    void shouldRemoveTheCopyOnTheClusterWhenTheRunIsForgotten() throws Exception {
        RunDir run = run();
        RemoteBackend backend = new RemoteBackend(new NoScheduler(), shell);
        backend.publish(run);
        assertThat(cluster.resolve(".scatter/runs/1/spec.json")).exists();

        backend.forget(run);
        assertThat(cluster.resolve(".scatter/runs/1")).doesNotExist();
        assertThat(cluster.resolve(".scatter/runs")).isDirectory();
    }

    /** A cluster backend that is never asked anything here: these tests are about the ledger's copies. */
    private static final class NoScheduler implements Backend {
        @Override
        public String name() {
            return "slurm";
        }

        @Override
        public Mode mode() {
            return Mode.SUBMITS;
        }

        @Override
        public void check(Resources resources) {
        }

        @Override
        public List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
            return List.of();
        }

        @Override
        public List<String> describeLaunch(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
            return List.of();
        }

        @Override
        public void start(RunDir run, AttemptDir attempt, Progress progress) {
            throw new AssertionError("nothing is submitted here");
        }

        @Override
        public LiveView live(RunDir run) {
            throw new AssertionError("no scheduler here");
        }

        @Override
        public void cancel(RunDir run, AttemptDir attempt, Set<Integer> tasks) {
        }
    }
}
