package dev.scatter.cli;

import dev.scatter.core.run.Runs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scatter watch}: follow a run until it ends. */
@Command(name = "watch", description = {"Follow a run to its end: a progress bar with counts, throughput and ETA.",
        "On a terminal the bar redraws in place; otherwise one line per change. Ctrl-C stops watching, not the run.", ""},
        footer = {"", "Exit code: 0 when every entry succeeded, 1 otherwise (or when nothing is running the rest)."})
public class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @Override
    public Integer call() {
        try (Runs runs = Cli.runs(); Console console = Cli.console(spec)) {
            return console.ended(runs.follow(ref.resolve(runs), console));
        }
    }
}
