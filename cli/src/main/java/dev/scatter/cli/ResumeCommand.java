package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter resume}: continue a run from its ledger after the client was stopped or killed. */
@Command(name = "resume", description = {"Continue a run from its ledger: run (local) or submit (cluster) what has no",
        "result and is not running, e.g. after the client was killed. Entries that ran are never run again.", ""})
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
        RunDir run = ref.resolve();
        return Backends.using(Backends.forRun(run), backend -> call(run, backend));
    }

    private int call(RunDir run, Backend backend) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunStatus before = StatusReader.read(run, backend.live(run));
        long open = before.entries().stream().filter(e -> !e.state().isFinal()).count();
        if (before.finished()) {
            out.println("run " + run.spec().id() + ": nothing to resume (every entry has a result"
                    + (before.allSucceeded() ? "" : "; scatter retry " + run.spec().id() + " runs the failed ones again") + ")");
            out.flush();
            return before.allSucceeded() ? ExitCode.OK.code() : ExitCode.ENTRIES_FAILED.code();
        }
        if (detach) {
            long pid = Detached.resume(run);
            out.println("run " + run.spec().id() + ": resuming in the background (pid " + pid + "); scatter watch "
                    + run.spec().id() + " follows it");
            out.flush();
            return ExitCode.OK.code();
        }
        err.println("run " + run.spec().id() + ": resuming " + open + " entries without a result ("
                + before.count(EntryState.LOST) + " lost, " + before.count(EntryState.PENDING) + " pending, "
                + (before.count(EntryState.RUNNING) + before.count(EntryState.QUEUED)) + " still queued or running)");
        err.flush();
        return Finish.drive(run, backend, out, err, wait);
    }
}
