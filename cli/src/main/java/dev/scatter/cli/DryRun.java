package dev.scatter.cli;

import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.plan.PreparedRun;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.wrapper.WrapperScript;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code scatter run --dry-run}: the plan, the wrapper and the environment; nothing written. */
final class DryRun {

    private static final int SHOWN_TASKS = 5;

    private DryRun() {
    }

    static void print(PreparedRun prepared, Backend backend, Path runsDir, PrintWriter out, List<EffectiveSettings.Line> settings) {
        RunDir would = new RunDir(runsDir.resolve("NEXT"));
        RunSpec spec = prepared.spec("NEXT", backend.name());
        AttemptSpec attempt = prepared.firstAttempt();
        Plan plan = prepared.plan();
        out.println("# dry run: nothing is written or started");
        out.println("# plan");
        out.println("entries: " + plan.entryCount() + " (" + spec.inputs() + ")"
                + (spec.skippedEmpty() > 0 ? ", " + spec.skippedEmpty() + " empty lines skipped" : ""));
        out.println("tasks:   " + plan.taskCount() + " (chunk " + plan.chunk() + ")");
        spec.taskTime().ifPresent(t -> out.println("--task-time " + t.slurm() + ": these " + plan.entryCount()
                + " entries are a first wave, one per task; then the other " + (spec.entryCount() - plan.entryCount())
                + " run in chunks of floor(" + t.seconds() + " s ÷ the wave's median entry time), e.g. "
                + Math.max(1, t.seconds() / 10) + " per task if entries take 10 s"));
        for (int t = 0; t < Math.min(SHOWN_TASKS, plan.taskCount()); t++) {
            List<Integer> entries = plan.task(t);
            out.println("  task " + t + ": entries " + entries.get(0)
                    + (entries.size() > 1 ? "-" + entries.get(entries.size() - 1) : ""));
        }
        if (plan.taskCount() > SHOWN_TASKS) {
            out.println("  … task " + (plan.taskCount() - 1) + ": entries " + plan.task(plan.taskCount() - 1).get(0) + "-"
                    + plan.entries().get(plan.entryCount() - 1));
        }
        out.println("command: " + (spec.shellLine() ? "shell line " : "argv ") + String.join(" ",
                spec.command().stream().map(ShellQuote::quote).toList())
                + (prepared.template().entryAppended() ? "   ({} appended: the command had no placeholder)" : ""));
        for (int e = 1; e <= Math.min(3, plan.entryCount()); e++) {
            out.println("  entry " + e + ": " + prepared.command(e));
        }
        spec.before().ifPresent(b -> out.println("before: " + b + "   (once, first; the entries start only if it succeeds)"));
        spec.then().ifPresent(t -> out.println("then:   " + t + "   (once, after every entry succeeded)"));
        List<EffectiveSettings.Line> set = settings.stream().filter(l -> l.source() != EffectiveSettings.Source.BUILT_IN).toList();
        if (!set.isEmpty()) {
            out.println();
            out.println("# settings not at scatter's defaults (scatter config lists them all)");
            set.forEach(l -> out.println(l.key() + " = " + l.value() + "   (" + l.origin() + ")"));
        }
        out.println();
        out.println("# launch");
        backend.describeLaunch(spec, attempt, would.attempt(1)).forEach(out::println);
        out.println();
        out.println("# environment of every entry's command, besides what the scheduler (or the submitting shell) gives");
        out.println("SCATTER_RUN=<run id>  SCATTER_RUN_DIR=<ledger dir>  SCATTER_ATTEMPT=1  SCATTER_TASK=<task>"
                + "  SCATTER_ENTRY=<entry>  SCATTER_CPUS=" + attempt.resources().cpus());
        if (spec.threadGuard()) {
            for (String v : WrapperScript.THREAD_VARIABLES) {
                String mine = System.getenv(v);
                out.println(v + "=" + (mine != null ? mine + "   (yours: already set, kept)" : attempt.resources().cpus()));
            }
        } else {
            out.println("(thread guard off: OMP_NUM_THREADS & co. are left as they are)");
        }
        out.println();
        out.println("# wrapper script (" + would.attempt(1).script() + ")");
        out.print(WrapperScript.render(would, spec, would.attempt(1), attempt, backend.scriptHeader(spec, attempt, would.attempt(1))));
        out.flush();
    }
}
