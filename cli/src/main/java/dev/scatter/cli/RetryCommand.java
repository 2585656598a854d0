package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.run.Outcome;
import dev.scatter.core.run.RetryRequest;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter retry}: run again only the entries that did not succeed. */
@Command(name = "retry", sortOptions = false, description = {
        "Run again only the entries that did not succeed, in a new attempt.",
        "By default the FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED and LOST ones, re-chunked; status and gather",
        "then show each entry's latest attempt. Resource options given here replace the run's for the retried entries.", ""},
        footer = {"", "Examples:",
                "  scatter retry                  # the newest run: all that did not succeed",
                "  scatter retry 3 --state timeout -t 2:00:00   # run 3's TIMEOUTs, 2 hours",
                "  scatter retry --entries 4,9     # entries 4 and 9 again, even if they succeeded",
                "  scatter retry --escalate       # OUT_OF_MEMORY: 2x memory, TIMEOUT: 2x time",
                "  scatter retry --chunk 1        # one entry per task this time"})
public class RetryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Mixin
    EntrySelection selection;

    @Option(names = "--state", paramLabel = "STATES", completionCandidates = RetryableStates.class,
            description = "Which states to retry, comma-separated (default: failed,timeout,out_of_memory,cancelled,lost;"
                    + " with --entries, any ended state, succeeded too).")
    String state;

    @Option(names = "--escalate", description = "Double the memory of OUT_OF_MEMORY entries and the time of TIMEOUT entries.")
    boolean escalate;

    @Option(names = "--chunk", paramLabel = "N|auto", description = "Entries per task (default: the run's).")
    String chunk;

    @Mixin
    ResourceOptions overrides;

    @Override
    public Integer call() {
        overrides.over(Resources.defaults());   // a bad -c, --mem, --max-running… is refused even when nothing is to retry
        try (Runs runs = Cli.runs(); Console console = Cli.console(spec)) {
            RunDir run = ref.resolve(runs);
            Optional<Set<Integer>> chosen = selection.chosen(run.spec().entryCount());
            Set<EntryState> states = RetryRequest.states(state, chosen.isPresent());
            RetryRequest request = new RetryRequest(states, chosen, overrides::over, escalate,
                    Optional.ofNullable(chunk).map(ChunkSize::parse));
            Outcome outcome = runs.retry(run, request, console);
            if (outcome instanceof Outcome.NothingToDo) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("run " + outcome.run().spec().id() + ": nothing to retry (no entry is in "
                        + String.join(", ", states.stream().map(Enum::name).toList()) + ")");
                out.flush();
                return ExitCode.OK.code();
            }
            return console.ended(outcome);
        }
    }
}
