package dev.scatter.core.doctor;

import dev.scatter.core.ScatterException;
import dev.scatter.core.input.InputOptions;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.plan.RunRequest;
import dev.scatter.core.run.Outcome;
import dev.scatter.core.run.RunListener;
import dev.scatter.core.run.RunOptions;
import dev.scatter.core.run.Runs;
import dev.scatter.core.spi.BackendCatalog;
import dev.scatter.core.spi.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * {@code scatter doctor --probe}: one tiny run of one entry through the normal engine
 * ({@link Runs#run}, then {@link Runs#follow(dev.scatter.core.ledger.RunDir, RunListener, Duration)}
 * as {@code --wait} would), from the working directory, with its ledger in a directory of its own
 * under {@code .scatter} that is removed afterwards. Its result comes back only when the nodes that
 * run tasks see the working directory and write to it as this machine does: a shared filesystem.
 */
final class Probe {

    /** A shell line the wrapper runs as the one entry: where it ran ends up in its output. */
    static final String COMMAND = ": {}; uname -n";
    /** Plenty for {@code uname}, and short enough for a scheduler to fit the job into a gap. */
    private static final String TIME_LIMIT = "2";

    private static final String FIX_SHARED = "run scatter from a directory the compute nodes share, such as your home or"
            + " project directory (not /tmp or a disk of this machine only)";

    private Probe() {
    }

    static Check run(Path workdir, BackendCatalog catalog, String backend, Duration timeout) {
        long started = System.nanoTime();
        Path dotScatter = workdir.resolve(".scatter");
        boolean madeDotScatter = !Files.exists(dotScatter);
        Path ledger = dotScatter.resolve("doctor-probe-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        String what = "a one-entry run on " + backend;
        try (Runs runs = new Runs(workdir, catalog)) {
            Files.createDirectories(dotScatter);
            Files.createDirectory(ledger);
            Outcome outcome = runs.run(request(workdir, ledger, backend), RunOptions.defaults(), InputStream.nullInputStream(),
                    RunListener.NONE);
            RunStatus status = status(outcome);
            if (!status.finished()) {
                Duration left = timeout.minusNanos(System.nanoTime() - started);
                status = runs.follow(outcome.run(), RunListener.NONE, left.isNegative() ? Duration.ZERO : left).status();
            }
            EntryStatus entry = status.entries().get(0);
            String took = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9);
            if (entry.state() == EntryState.SUCCEEDED) {
                return Check.ok("probe", what + " came back in " + took + (entry.host().isEmpty() ? "" : " from " + entry.host())
                        + ": the nodes that run tasks share " + workdir);
            }
            withdraw(runs, outcome.run());
            String state = entry.state() + (entry.detail().isEmpty() ? "" : ": " + entry.detail());
            if (!status.finished()) {
                boolean waiting = entry.state() == EntryState.QUEUED || entry.state() == EntryState.PENDING;
                return Check.fail("probe", what + " gave no result within " + timeout.toSeconds() + " s (" + state + "); cancelled",
                        waiting ? "the cluster may just be busy: try a longer --probe-timeout; if the job ran, " + FIX_SHARED
                                : FIX_SHARED);
            }
            return Check.fail("probe", what + " ended " + state, "if it never ran, its reason says why (--partition,"
                    + " --account or --sched-opt may be what scatter run needs here); if it ran, " + FIX_SHARED);
        } catch (ScatterException | UncheckedIOException | IOException e) {
            return Check.fail("probe", what + " could not be started: " + e.getMessage(),
                    "scatter run fails the same way here: the message says why (--partition, --account or --sched-opt"
                            + " may be what it needs here)");
        } finally {
            delete(ledger);
            if (madeDotScatter) {
                try {
                    Files.deleteIfExists(dotScatter);   // only when empty: what scatter run wrote meanwhile stays
                } catch (IOException leftAsItIs) {
                    // not empty, or gone
                }
            }
        }
    }

    private static RunRequest request(Path workdir, Path ledger, String backend) {
        return new RunRequest(workdir,
                new InputOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("1..1"), List.of(), Optional.empty()),
                List.of(COMMAND), Resources.defaults().withTime(TimeLimit.parse(TIME_LIMIT, "the probe's time limit")), ChunkSize.of(1),
                Optional.of("doctor-probe"), true, Optional.of(ledger), false, Optional.empty(), Optional.empty(), Optional.empty(),
                backend, false, Map.of());
    }

    /** Where the run stood when {@code run} returned: ended here, submitted, or followed. */
    private static RunStatus status(Outcome outcome) {
        if (outcome instanceof Outcome.Ended e) {
            return e.status();
        }
        if (outcome instanceof Outcome.Submitted s) {
            return s.status();
        }
        if (outcome instanceof Outcome.Followed f) {
            return f.status();
        }
        throw new IllegalStateException("a new run neither ended, was submitted nor followed: " + outcome);
    }

    /**
     * Stops the probe's task whatever scatter made of it: a job that gave no result in time, or
     * that will never start (scatter's verdict is final then, the scheduler's job still waits),
     * must not stay in the user's queue. Best effort: the FAIL says what matters.
     */
    private static void withdraw(Runs runs, RunDir run) {
        try {
            runs.backend(run).cancel(run, run.latestAttempt(), Set.of(0));
        } catch (RuntimeException ignored) {
            // the cluster may be unreachable now; its job then ends on its time limit
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException leftAsItIs) {
            // a file a task still writes: removed next time, or by hand
        }
    }
}
