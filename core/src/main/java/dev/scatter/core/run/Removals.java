package dev.scatter.core.run;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ScatterException;
import dev.scatter.core.ledger.RunBusyException;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code scatter rm} and {@code scatter clean}: a run's ledger removed, never under a run that is
 * still running (queued or running entries, or a live executor here) unless forced, and then only
 * after cancelling it, so nothing keeps writing into a deleted directory or runs unseen.
 */
final class Removals {

    /** How long a forced removal waits for this machine's executor to stop after the cancel. */
    private static final Duration EXECUTOR_STOPS = Duration.ofSeconds(30);

    private Removals() {
    }

    /** Why {@code run} may not be removed now, if it may not: its entries are queued or running, or its executor lives. */
    static Optional<String> live(RunDir run, Backend backend) {
        RunStatus status = StatusReader.read(run, backend.live(run));
        int active = status.count(EntryState.QUEUED) + status.count(EntryState.RUNNING);
        if (active > 0) {
            return Optional.of(active + " entries are queued or running");
        }
        if (RunLock.executorHeld(run)) {
            return Optional.of("it is being executed on this machine");
        }
        return Optional.empty();
    }

    static void remove(RunDir run, Backend backend, boolean force) {
        String id = run.spec().id();
        Optional<String> live = live(run, backend);
        if (live.isPresent()) {
            if (!force) {
                throw new ScatterException("run " + id + " is still running (" + live.get() + "): cancel it first"
                        + " (scatter cancel " + id + "), or scatter rm --force " + id + " cancels and removes it", ExitCode.BACKEND);
            }
            Cancels.cancel(run, backend, Optional.empty());
            waitForExecutor(run, id);
        }
        try (RunLock lock = RunLock.acquire(run, "rm")) {
            backend.forget(run);   // the cluster's copy first: unreachable, nothing is removed
            deleteTree(run.root());
        }
    }

    /** Runs not running and created before {@code now - age}, oldest first. */
    static Stream<RunDir> older(Stream<RunDir> runs, Duration age, Instant now, Function<RunDir, Backend> backends) {
        Instant before = now.minus(age);
        return runs.filter(r -> r.spec().created().isBefore(before))
                .filter(r -> live(r, backends.apply(r)).isEmpty())
                .sorted(Comparator.comparing(r -> r.spec().created()));
    }

    private static void waitForExecutor(RunDir run, String id) {
        long deadline = System.nanoTime() + EXECUTOR_STOPS.toNanos();
        while (RunLock.executorHeld(run)) {
            if (System.nanoTime() > deadline) {
                throw new RunBusyException("run " + id + " was cancelled but its executor has not stopped after "
                        + EXECUTOR_STOPS.toSeconds() + " s: try scatter rm " + id + " again in a moment");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunBusyException("interrupted while waiting for run " + id + "'s executor to stop");
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
