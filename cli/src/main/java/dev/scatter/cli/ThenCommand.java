package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter then [RUN]}: run the {@code --then} step now, whatever the entries did. */
@Command(name = "then", description = {"Run the run's --then step now, by hand (even if some entries failed).", ""})
public class ThenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Option(names = "--wait", description = "On a cluster: wait until the step has ended.")
    boolean wait;

    @Override
    public Integer call() {
        try (Runs runs = Cli.runs()) {
            var run = ref.resolve(runs);
            EntryStatus s = runs.then(run, wait);
            PrintWriter out = spec.commandLine().getOut();
            out.println("run " + run.spec().id() + ": then step " + s.state() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"));
            out.flush();
            return s.state().isFailure() ? ExitCode.ENTRIES_FAILED.code() : ExitCode.OK.code();
        }
    }
}
