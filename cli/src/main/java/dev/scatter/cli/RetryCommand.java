package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter retry}: run again only the entries that did not succeed. */
@Command(name = "retry", sortOptions = false, description = {
        "Run again only the entries that did not succeed (failed, timeout, out of memory, cancelled, lost),",
        "re-chunked, in a new attempt; status and gather then show each entry's latest attempt.", ""})
public class RetryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Option(names = "--entries", paramLabel = "STATES", description = "Which states to retry (default: failed,timeout,out_of_memory,cancelled,lost).")
    String entries;

    @Option(names = "--escalate", description = "Double the memory of OUT_OF_MEMORY entries and the time of TIMEOUT entries.")
    boolean escalate;

    @Option(names = "--chunk", paramLabel = "N", description = "Entries per task (default: the run's).")
    Integer chunk;

    @Mixin
    ResourceOptions overrides;

    @Override
    public Integer call() {
        RunDir run = ref.resolve();
        return Backends.using(Backends.forRun(run), backend -> call(run, backend));
    }

    private int call(RunDir run, Backend backend) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<AttemptDir> attempts = Retrying.retry(run, backend, RetryOptions.states(entries), overrides, escalate,
                chunk != null ? chunk : run.spec().chunk());
        if (attempts.isEmpty()) {
            out.println("run " + run.spec().id() + ": nothing to retry (no entry is in "
                    + String.join(", ", RetryOptions.states(entries).stream().map(Enum::name).toList()) + ")");
            out.flush();
            return ExitCode.OK.code();
        }
        int n = attempts.stream().filter(a -> !a.spec().isStep()).mapToInt(a -> a.spec().plan().entryCount()).sum();
        List<String> steps = attempts.stream().filter(a -> a.spec().isStep()).map(a -> "the " + a.spec().reason() + " step").toList();
        err.println("run " + run.spec().id() + ": retrying " + n + " entries" + (steps.isEmpty() ? "" : " and " + String.join(", ", steps))
                + " in attempt"
                + (attempts.size() > 1 ? "s " : " ") + String.join(", ", attempts.stream().map(a -> a.number() + " ("
                + Describe.resources(a.spec()) + ")").toList()));
        err.flush();
        return Finish.drive(run, backend, out, err);
    }

    /** Stops a then job still waiting for arrays that failed; if that fails, the new one still runs. */
    private static void stopWaitingThen(RunDir run, Backend backend, dev.scatter.core.model.EntryStatus then) {
        try {
            backend.cancel(run, run.attempt(then.attempt()), java.util.Set.of(0));
        } catch (dev.scatter.core.ScatterException e) {
            System.err.println("scatter: warning: could not cancel the old then job (" + e.getMessage().lines().findFirst().orElse("")
                    + "); it can never start, cancel it by hand");
        }
    }

    /** Retry planning and writing, shared with {@code run --retries}. */
    static final class Retrying {
        private Retrying() {
        }

        static List<AttemptDir> retry(RunDir run, Backend backend, java.util.Set<dev.scatter.core.model.EntryState> states,
                                      ResourceOptions overrides, boolean escalate, int chunk) {
            try (RunLock lock = RunLock.acquire(run, "retry")) {
                RunStatus status = StatusReader.read(run, backend.live(run));
                List<AttemptSpec> planned = RetryPlanner.plan(run, status, states, overrides::over, escalate, chunk);
                if (planned.stream().anyMatch(a -> a.reason().equals(AttemptSpec.THEN))) {
                    // on a cluster the old then job waits for arrays that failed, forever: stop it
                    status.step(AttemptSpec.THEN).filter(t -> t.start().isEmpty() && t.exitCode().isEmpty())
                            .ifPresent(t -> stopWaitingThen(run, backend, t));
                }
                return RetryPlanner.write(run, planned, backend);
            }
        }
    }
}
