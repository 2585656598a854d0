package dev.scatter.core.grid;

import dev.scatter.core.spi.Check;
import dev.scatter.core.spi.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code scatter doctor} says of a cluster backend, from two answers of its scheduler: the
 * client's version ({@link GridScheduler#versionCommand}) and the configuration, read by the
 * scheduler's own {@link GridScheduler#parseConfig} into the {@link SchedulerLimits} runs plan
 * with. A command that failed, timed out or could not be run is a FAIL holding the command, its
 * exit status and its output.
 */
public final class GridChecks {

    private GridChecks() {
    }

    /**
     * One command's answer, or why there is none.
     *
     * @param argv    the command asked
     * @param result  what it did, when it ran to its end
     * @param problem why there is no result ("could not be run: …", "no answer within 120 s"), else empty
     */
    public record Answer(List<String> argv, Optional<CommandResult> result, String problem) {

        public static Answer of(CommandResult result) {
            return new Answer(result.command().argv(), Optional.of(result), "");
        }

        public static Answer none(List<String> argv, String problem) {
            return new Answer(argv, Optional.empty(), problem);
        }
    }

    /** The version, then the limits: arrays, accounting, how long ended jobs stay listed. */
    public static List<Check> of(GridScheduler scheduler, Answer version, Answer config) {
        List<Check> out = new ArrayList<>();
        out.add(version(scheduler, version));
        out.addAll(limits(scheduler, config));
        return out;
    }

    static Check version(GridScheduler scheduler, Answer answer) {
        String command = String.join(" ", scheduler.versionCommand());
        Optional<String> failed = failure(answer, command);
        if (failed.isPresent()) {
            return Check.fail("version", failed.get(), "is this a login node of the cluster, with " + scheduler.versionCommand().get(0)
                    + " on PATH? (scatter doctor --backend local checks this machine instead)");
        }
        CommandResult r = answer.result().orElseThrow();
        String output = r.stdout() + "\n" + r.stderr();
        return scheduler.parseVersion(output).map(v -> Check.ok("version", v + " (" + command + ")"))
                .orElseGet(() -> Check.warn("version", command + " names no " + scheduler.name() + " version: "
                                + output.strip().lines().findFirst().orElse("(no output)"),
                        "check that " + scheduler.name() + " is the scheduler here: --backend auto picks by what is on PATH,"
                                + " --backend NAME names another"));
    }

    static List<Check> limits(GridScheduler scheduler, Answer answer) {
        GridScheduler.Settings names = scheduler.settings();
        String command = String.join(" ", scheduler.configCommand());
        Optional<String> failed = failure(answer, command);
        if (failed.isPresent()) {
            SchedulerLimits defaults = scheduler.parseConfig("");
            return List.of(Check.fail("limits", failed.get(), "check that the scheduler answers " + command + "; until it does,"
                    + " scatter plans with " + scheduler.name() + "'s defaults (" + names.maxArraySize() + " " + defaults.maxArraySize() + ")"));
        }
        SchedulerLimits limits = scheduler.parseConfig(answer.result().orElseThrow().stdout());
        String listing = scheduler.statusCommand(Selector.ids(List.of("0"))).get(0);
        Check arrays = Check.ok("arrays", names.maxArraySize() + " " + limits.maxArraySize()
                + ": a run of more tasks is cut into several arrays (" + limits.source() + ")");
        Check accounting = limits.accounting()
                ? Check.ok("accounting", "on (" + names.accounting() + "): " + scheduler.accountingCommand(Selector.ids(List.of("0"))).get(0)
                        + " tells how a task that left " + listing + " without its records ended")
                : Check.warn("accounting", "off (" + names.accounting() + "): a task that leaves " + listing
                        + " without its records (killed before its wrapper wrote them, a node failure) ends LOST,"
                        + " as " + scheduler.withoutHistory(),
                        "nothing to change in your runs: time and memory kills are still told from a task's own output;"
                                + " for the rest, " + names.enableAccounting());
        Check age = limits.minJobAge().isZero()
                ? Check.ok("job age", "an ended job leaves " + listing + " at once")
                : Check.ok("job age", names.minJobAge() + " " + words(limits.minJobAge()) + ": an ended job stays that long in " + listing);
        return List.of(arrays, accounting, age);
    }

    /** The aligned block (command, exit status, output) when {@code answer} is not a success; empty when it is. */
    private static Optional<String> failure(Answer answer, String command) {
        if (answer.result().isEmpty()) {
            return Optional.of(command + " " + answer.problem());
        }
        CommandResult r = answer.result().get();
        return r.succeeded() ? Optional.empty() : Optional.of(r.describeFailure(command + " failed"));
    }

    /** {@code 10 s}, {@code 5 min}, {@code 336 h}. */
    static String words(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? Math.round(s / 60.0) + " min" : Math.round(s / 3600.0) + " h";
    }
}
