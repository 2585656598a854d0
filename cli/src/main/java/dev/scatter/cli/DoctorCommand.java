package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.doctor.Doctor;
import dev.scatter.core.io.Json;
import dev.scatter.core.model.TimeLimit;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter doctor}: will scatter work here, and how. */
@Command(name = "doctor", sortOptions = false,
        description = {"Check whether scatter will work here, and how: one line per check, OK, WARN or FAIL.",
                "It tells the backend auto picks and why; the scheduler's version and limits (MaxArraySize,"
                        + " accounting, MinJobAge), or this machine's cores, memory and pool; thread variables tasks would"
                        + " inherit (OMP_NUM_THREADS, …); free space and write access where runs go; the JVM and ulimit -v;"
                        + " with --probe, whether a one-entry run comes back from the nodes that run tasks."
                        + " Under each WARN and FAIL, the fix.", ""},
        footer = {"", "Exit code: 0 when no check failed (warnings allowed), 1 when one did, 2 for an unknown --backend."})
public class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "Check this backend: local, slurm, pbs (pbs-pro, torque), or auto (default): the one scatter run would pick.")
    String backend;

    @Option(names = "--probe", description = "Also run one entry (uname -n) through the backend, as scatter run --wait would, and"
            + " wait for its result: OK when the nodes that run tasks share this directory. Off by default: on a cluster it"
            + " submits a job.")
    boolean probe;

    @Option(names = "--probe-timeout", paramLabel = "TIME", defaultValue = "5m",
            description = "How long --probe waits for the result before it fails (and cancels the job): 90s, 30m, 1h, or minutes (default 5m).")
    String probeTimeout;

    @Option(names = "--json", description = "Print the checks as one JSON object instead (docs/json.md has its fields).")
    boolean json;

    @Override
    public Integer call() {
        Duration timeout = TimeLimit.parse(probeTimeout, "--probe-timeout").duration();
        Optional<Duration> wait = probe ? Optional.of(timeout) : Optional.empty();
        PrintWriter out = spec.commandLine().getOut();
        Doctor.Report report = Cli.doctor().examine(new Doctor.Request(backend, wait), check -> {
            if (!json) {
                DoctorReport.printCheck(check, out);
                out.flush();
            }
        });
        if (json) {
            out.print(Json.pretty(DoctorReport.json(report)));
        } else {
            out.println(DoctorReport.summary(report));
        }
        out.flush();
        return report.failed() ? ExitCode.ENTRIES_FAILED.code() : ExitCode.OK.code();
    }
}
