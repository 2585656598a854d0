package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.run.Outcome;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter resume}: continue a run from its ledger after the client was stopped or killed. */
@Command(name = "resume", description = {"Continue a run from its ledger, e.g. after the client was killed.",
        "Runs (local) or submits (cluster) what has no result and is not running; entries that ran are never run again.", ""})
public class ResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Option(names = "--detach", description = "Continue in the background, surviving logout (local).")
    boolean detach;

    @Option(names = "--wait", description = "On a cluster: follow the run until it ends.")
    boolean wait;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Runs runs = Cli.runs(); Console console = Cli.console(spec)) {
            RunDir run = ref.resolve(runs);
            Outcome outcome = runs.resume(run, detach, wait, console);
            String id = run.spec().id();
            if (outcome instanceof Outcome.NothingToDo nothing) {
                out.println("run " + id + ": nothing to resume (every entry has a result"
                        + (nothing.status().allSucceeded() ? "" : "; scatter retry " + id + " runs the failed ones again") + ")");
                out.flush();
                return nothing.failed() ? ExitCode.ENTRIES_FAILED.code() : ExitCode.OK.code();
            }
            if (outcome instanceof Outcome.Detached d) {
                out.println("run " + id + ": resuming in the background (pid " + d.pid() + "); scatter watch " + id + " follows it");
                out.flush();
                return ExitCode.OK.code();
            }
            return console.ended(outcome);
        }
    }
}
