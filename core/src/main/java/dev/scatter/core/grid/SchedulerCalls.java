package dev.scatter.core.grid;

import dev.scatter.core.BackendException;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a scheduler's commands through the {@link CommandRunner}, the only place a grid backend
 * starts anything: transient failures (as the scheduler classifies them, and timeouts) are tried
 * again after a growing pause; every other result is returned as it is.
 */
final class SchedulerCalls {

    /** Every try failed transiently; {@code last} is the last thing the scheduler said. */
    static final class Unanswered extends Exception {
        private final String last;

        Unanswered(String last) {
            super(last);
            this.last = last;
        }

        String last() {
            return last;
        }
    }

    private final GridScheduler scheduler;
    private final CommandRunner runner;
    private final GridTuning tuning;
    private final AtomicLong calls = new AtomicLong();
    /** Why the last call that gave no result gave none: a timeout, or the connection's own words. */
    private volatile String lastNoAnswer = "";

    SchedulerCalls(GridScheduler scheduler, CommandRunner runner, GridTuning tuning) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.tuning = tuning;
    }

    GridTuning tuning() {
        return tuning;
    }

    /** Why the last call that returned {@code null} gave no result: a timeout, or a lost connection ({@code --remote}). */
    String noAnswer() {
        return lastNoAnswer;
    }

    /** Commands run so far (each try counts), for the poll interval and benchmarks. */
    long calls() {
        return calls.get();
    }

    /**
     * Runs once; a timeout or a lost connection (over SSH, {@code --remote}) is reported as
     * {@code null}: tried again with backoff, and a submit is looked up before it is repeated.
     * Throws when the program cannot be started at all.
     */
    CommandResult once(List<String> argv, Path dir) throws InterruptedException {
        Command command = Command.of(dir, argv);
        calls.incrementAndGet();
        try {
            return runner.run(command, tuning.commandTimeout());
        } catch (CommandRunner.CommandTimeoutException e) {
            lastNoAnswer = "no answer within " + tuning.commandTimeout().toSeconds() + " s";
            return null;
        } catch (CommandRunner.ConnectionLostException e) {
            lastNoAnswer = e.getMessage();
            return null;
        } catch (IOException e) {
            throw new BackendException("[" + scheduler.name() + "] cannot run " + argv.get(0) + ": " + e.getMessage()
                    + "\n  is this a login node of the cluster, with " + argv.get(0) + " on PATH? (scatter --backend local runs here instead)", e);
        }
    }

    /**
     * Runs {@code argv}, trying again while it fails transiently, up to {@code attempts} tries in
     * all. Returns the first result that is not transient (which may be a failure).
     */
    CommandResult retrying(List<String> argv, Path dir, int attempts) throws Unanswered {
        String last = "";
        Backoff backoff = Backoff.of(tuning);
        for (int tryNo = 1; ; tryNo++) {
            try {
                CommandResult r = once(argv, dir);
                if (r != null && (r.succeeded() || !scheduler.isTransient(r))) {
                    return r;
                }
                last = r == null
                        ? noAnswer() + ": " + Command.of(dir, argv).display()
                        : r.describeFailure(argv.get(0) + " failed (transient)");
                if (tryNo >= attempts) {
                    throw new Unanswered(last);
                }
                backoff.pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unanswered("interrupted; last answer: " + last);
            }
        }
    }

    CommandResult retrying(List<String> argv, Path dir) throws Unanswered {
        return retrying(argv, dir, tuning.attempts());
    }
}
