package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Plan;
import dev.scatter.core.plan.AttemptWriter;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scatter then [RUN]}: run the {@code --then} step now, whatever the entries did. */
@Command(name = "then", description = {"Run the run's --then step now, by hand (even if some entries failed).", ""})
public class ThenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunRef ref;

    @picocli.CommandLine.Option(names = "--wait", description = "On a cluster: wait until the step has ended.")
    boolean wait;

    @Override
    public Integer call() {
        RunDir run = ref.resolve();
        String command = run.spec().then().orElseThrow(() -> new UsageException("run " + run.spec().id()
                + " has no --then step: give one when starting a run, e.g. scatter run --then 'python collect.py' ..."));
        return Backends.using(Backends.forRun(run), backend -> run(run, command, backend));
    }

    private int run(RunDir run, String command, Backend backend) {
        AttemptDir step;
        try (RunLock lock = RunLock.acquire(run, "then")) {
            AttemptSpec base = Finish.latestStep(run, AttemptSpec.THEN).orElseThrow().spec();
            AttemptSpec again = new AttemptSpec(run.attempts().size() + 1, Instant.now(), AttemptSpec.THEN, base.resources(),
                    new Plan(List.of(0), 1));
            step = AttemptWriter.write(run, run.spec(), again, e -> command, backend);
        }
        try (RunLock lock = RunLock.executor(run)) {
            backend.start(run, step, Backend.Progress.NONE);
        }
        PrintWriter out = spec.commandLine().getOut();
        EntryStatus s = StatusReader.read(run, backend.live(run)).step(AttemptSpec.THEN).orElseThrow();
        // a cluster runs it later: follow it when asked to, and always with a simulated cluster (it lives here)
        while (!s.state().isFinal() && (wait || backend instanceof SimulatedBackend)) {
            try {
                Thread.sleep(backend.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            s = StatusReader.read(run, backend.live(run)).step(AttemptSpec.THEN).orElseThrow();
        }
        out.println("run " + run.spec().id() + ": then step " + s.state() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"));
        out.flush();
        return s.state().isFailure() ? ExitCode.ENTRIES_FAILED.code() : ExitCode.OK.code();
    }
}
