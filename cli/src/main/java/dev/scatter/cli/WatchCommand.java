package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scatter watch}: follow a run until it ends. */
@Command(name = "watch", description = {"Follow a run until every entry has a result: a progress bar with counts,",
        "throughput and ETA on a terminal; one line per change otherwise. Ctrl-C stops watching, not the run.", ""},
        footer = {"", "Exit code: 0 when every entry succeeded, 1 otherwise (or when nothing is running the rest)."})
public class WatchCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Throughput is measured over the entries that ended in this window. */
    private static final double RATE_WINDOW_S = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Override
    public Integer call() throws InterruptedException {
        RunDir run = ref.resolve();
        return follow(run, Backends.forRun(run), spec.commandLine().getOut());
    }

    /** Follows {@code run} until it ends; the exit code says whether everything succeeded. */
    static int follow(RunDir run, Backend backend, PrintWriter out) throws InterruptedException {
        boolean terminal = Terminal.isInteractive();
        String last = "";
        long idleSince = 0;
        while (true) {
            if (!Backends.runsInForeground(backend)) {
                Waves.submitWaiting(run, backend);
            }
            RunStatus status = StatusReader.read(run, backend.live(run));
            String counts = counts(status);
            if (terminal) {
                out.print("\r" + Terminal.bar(done(status), status.entries().size(), 30) + " " + done(status) + "/"
                        + status.entries().size() + "  " + counts + rateAndEta(status) + "\033[K");
                out.flush();
            } else if (!counts.equals(last)) {
                out.println(LocalTime.now().format(CLOCK) + " " + done(status) + "/" + status.entries().size() + " " + counts);
                out.flush();
            }
            last = counts;
            if (status.finished()) {
                if (terminal) {
                    out.println();
                }
                out.println("run " + run.spec().id() + ": " + (status.allSucceeded() ? "all " + status.entries().size()
                        + " entries succeeded" : status.failures().size() + " of " + status.entries().size()
                        + " entries did not succeed: scatter status " + run.spec().id()));
                out.flush();
                return status.allSucceeded() ? ExitCode.OK.code() : ExitCode.ENTRIES_FAILED.code();
            }
            // a run just started may not have its executor up yet: wait 2 s before concluding
            idleSince = nothingRunsTheRest(status) ? (idleSince == 0 ? System.nanoTime() : idleSince) : 0;
            if (idleSince != 0 && System.nanoTime() - idleSince > 2_000_000_000L) {
                if (terminal) {
                    out.println();
                }
                out.println("run " + run.spec().id() + ": nothing is running the " + open(status)
                        + " entries without a result; scatter resume " + run.spec().id() + " runs them");
                out.flush();
                return ExitCode.ENTRIES_FAILED.code();
            }
            Thread.sleep(backend.pollInterval().toMillis());
        }
    }

    /** The local executor is gone and no leftover worker is finishing anything. */
    private static boolean nothingRunsTheRest(RunStatus status) {
        return status.entries().stream().noneMatch(e -> e.state() == EntryState.RUNNING || e.state() == EntryState.QUEUED)
                && status.entries().stream().anyMatch(e -> e.state() == EntryState.PENDING || e.state() == EntryState.UNKNOWN);
    }

    private static int done(RunStatus status) {
        return (int) status.entries().stream().filter(e -> e.state().isFinal()).count();
    }

    private static long open(RunStatus status) {
        return status.entries().stream().filter(e -> !e.state().isFinal()).count();
    }

    private static String counts(RunStatus status) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<EntryState, Integer> c : status.counts().entrySet()) {
            sb.append(c.getKey().name().toLowerCase()).append(' ').append(c.getValue()).append("  ");
        }
        return sb.toString().strip();
    }

    private static String rateAndEta(RunStatus status) {
        double now = System.currentTimeMillis() / 1000.0;
        long recent = status.entries().stream().map(EntryStatus::end).filter(e -> e.isPresent() && e.getAsDouble() > now - RATE_WINDOW_S).count();
        if (recent == 0) {
            return "";
        }
        double rate = recent / RATE_WINDOW_S;
        return String.format("  %.1f/s  ETA %s", rate, Terminal.duration(open(status) / rate));
    }
}
