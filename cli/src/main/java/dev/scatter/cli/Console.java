package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.PreparedRun;
import dev.scatter.core.run.Outcome;
import dev.scatter.core.run.RunListener;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.Throughput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * What the CLI prints while a verb works and when it returns: a progress bar on stderr while tasks
 * run here (on a terminal only, so logs and pipes stay clean), one line per event, and while
 * following a run a redrawn bar (terminal) or one line per change (otherwise).
 */
final class Console implements RunListener, AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter out;
    private final PrintWriter err;
    private final Path workdir;
    private final boolean terminal = Terminal.isInteractive();
    private Progress progress;
    private String lastCounts = "";
    private boolean drewFollowBar;
    private final Throughput throughput = new Throughput();

    Console(PrintWriter out, PrintWriter err, Path workdir) {
        this.out = out;
        this.err = err;
        this.workdir = workdir;
    }

    // ---------------------------------------------------------------- events

    @Override
    public synchronized void taskFinished(int attempt, int task, int succeeded, int failed) {
        if (progress != null) {
            progress.taskFinished(attempt, task, succeeded, failed);
        }
    }

    @Override
    public void warned(String warning) {
        err.println("scatter: warning: " + warning);
        err.flush();
    }

    @Override
    public void created(RunDir run, PreparedRun prepared, Backend backend) {
        int tasks = prepared.plan().taskCount();
        int skipped = prepared.inputs().skippedEmpty();
        err.println("run " + run.spec().id() + ": " + prepared.inputs().size() + " entries in " + tasks
                + " task" + (tasks == 1 ? "" : "s") + " on " + backend.name()
                + run.spec().remote().map(r -> " at " + r).orElse("")
                + (skipped > 0 ? " (" + skipped + " empty lines skipped)" : "")
                + " · ledger " + workdir.relativize(run.root()));
        err.flush();
        startProgress(run.spec().entryCount());
    }

    @Override
    public void resuming(RunStatus before) {
        int open = before.size() - before.ended();
        err.println("run " + before.spec().id() + ": resuming " + open + " entries without a result ("
                + before.count(EntryState.LOST) + " lost, " + before.count(EntryState.PENDING) + " pending, "
                + (before.count(EntryState.RUNNING) + before.count(EntryState.QUEUED)) + " still queued or running)");
        err.flush();
        startProgress(before.size());
    }

    @Override
    public void retrying(RunDir run, List<AttemptDir> attempts) {
        int n = entries(attempts);
        List<String> steps = attempts.stream().filter(a -> a.spec().isStep()).map(a -> "the " + a.spec().reason() + " step").toList();
        err.println("run " + run.spec().id() + ": retrying " + n + " entries" + (steps.isEmpty() ? "" : " and " + String.join(", ", steps))
                + " in attempt" + (attempts.size() > 1 ? "s " : " ") + String.join(", ", attempts.stream()
                .map(a -> a.number() + " (" + Describe.resources(a.spec()) + ")").toList()));
        err.flush();
        startProgress(run.spec().entryCount());
    }

    @Override
    public void retryRound(RunDir run, int round, int rounds, List<AttemptDir> attempts) {
        err.println("run " + run.spec().id() + ": retry " + round + " of " + rounds + ": " + entries(attempts) + " entries");
        err.flush();
        startProgress(run.spec().entryCount());
    }

    @Override
    public void following(RunDir run) {
        finishProgress();
        err.println("run " + run.spec().id() + ": submitted; following it until it ends");
        err.flush();
    }

    @Override
    public void looked(RunStatus status) {
        String counts = counts(status);
        int done = done(status);
        int total = status.size();
        String pace = pace(status);
        if (terminal) {
            out.print("\r" + Terminal.bar(done, total, 30) + " " + done + "/" + total + "  " + counts + pace + "\033[K");
            drewFollowBar = true;
        } else if (!counts.equals(lastCounts)) {
            out.println(LocalTime.now().format(CLOCK) + " " + done + "/" + total + " " + counts + pace);
        }
        out.flush();
        lastCounts = counts;
    }

    @Override
    public synchronized void close() {
        finishProgress();
    }

    // ---------------------------------------------------------------- the end of a verb

    /** The lines a verb that drove a run ends with, and its exit code. */
    int ended(Outcome outcome) {
        finishProgress();
        String id = outcome.run().spec().id();
        if (outcome instanceof Outcome.Ended e) {
            Summary.print(e.status(), e.took().toNanos() / 1e9, out);
        } else if (outcome instanceof Outcome.Submitted) {
            out.println("run " + id + ": submitted; scatter watch " + id + " follows it");
        } else if (outcome instanceof Outcome.Followed f) {
            if (drewFollowBar) {
                out.println();
            }
            RunStatus s = f.status();
            if (f.stalled()) {
                int open = s.size() - s.ended();
                out.println("run " + id + ": nothing is running the " + open
                        + " entries without a result; scatter resume " + id + " runs them");
            } else {
                out.println("run " + id + ": " + (s.allSucceeded() ? "all " + s.size() + " entries succeeded"
                        : s.failed() + " of " + s.size() + " entries did not succeed: scatter status " + id));
            }
        }
        out.flush();
        return outcome.failed() ? ExitCode.ENTRIES_FAILED.code() : ExitCode.OK.code();
    }

    // ---------------------------------------------------------------- helpers

    private synchronized void startProgress(int total) {
        finishProgress();
        progress = new Progress(err, total, terminal);
    }

    private synchronized void finishProgress() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }

    private static int entries(List<AttemptDir> attempts) {
        return attempts.stream().filter(a -> !a.spec().isStep()).mapToInt(a -> a.spec().plan().entryCount()).sum();
    }

    private static int done(RunStatus status) {
        return status.ended();
    }

    private static String counts(RunStatus status) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<EntryState, Integer> c : status.counts().entrySet()) {
            sb.append(c.getKey().name().toLowerCase()).append(' ').append(c.getValue()).append("  ");
        }
        return sb.toString().strip();
    }

    private String pace(RunStatus status) {
        Throughput.Reading r = throughput.observe(status, System.currentTimeMillis() / 1000.0);
        if (r instanceof Throughput.Rate rate) {
            String perSecond = rate.perSecond() >= 1 ? String.format("%.1f/s", rate.perSecond())
                    : String.format("%.1f/min", rate.perSecond() * 60);
            return "  " + perSecond + (rate.secondsLeft() > 0 ? "  ETA " + Terminal.duration(rate.secondsLeft()) : "");
        }
        return r instanceof Throughput.Queued ? "  queued" : "";
    }
}
