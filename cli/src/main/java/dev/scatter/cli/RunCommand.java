package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.input.InputOptions;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.plan.RunRequest;
import dev.scatter.core.run.Outcome;
import dev.scatter.core.run.RunOptions;
import dev.scatter.core.run.Runs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code scatter run}: plan, write the ledger, and run or submit. */
@Command(name = "run", sortOptions = false,
        description = {"Run COMMAND once per input entry (or per chunk of entries).",
                "A single COMMAND argument is a shell line (pipes and redirects work); several are kept as given.",
                "Placeholders: {} {.} {/} {//} {/.} {#} {1} {2}.. {name}; without any, {} is appended (with a warning).",
                "Every substituted value is shell-quoted: entries never run as shell code.",
                "Give one kind of inputs: -i, --csv, --glob, --range, or one or more --param.", ""},
        footer = {"", "Examples:",
                "  scatter run -i files.txt -- gzip -k {}",
                "  scatter run --csv samples.csv --chunk 20 -c 4 --mem 8G -t 2:00:00 \\",
                "      -- python fit.py --id {id} --alpha {alpha}",
                "  scatter run --glob 'data/*.fa' -- 'wc -l {} > {.}.count'",
                "  scatter run --param k=1..5 --param m=l1,l2 -p short -A proj \\",
                "      -- ./train --k {k} --m {m}",
                "  scatter run --range 1..10000 --chunk auto --dry-run -- ./simulate --seed {}",
                "  scatter run --backend slurm --simulate --range 1..100 -- echo {}",
                "", "Then: scatter watch, status, gather, retry (each with --help)."})
public class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inputs"}, paramLabel = "FILE", description = "One entry per line of FILE (- for stdin); empty lines are skipped.")
    String lines;

    @Option(names = "--csv", paramLabel = "FILE", description = "One entry per row; the header names the columns ({name}).")
    String csv;

    @Option(names = "--glob", paramLabel = "PATTERN", description = "One entry per matching file, sorted; ** crosses directories. Quote the pattern so scatter, not your shell, expands it"
            + " (a pattern your shell expanded is refused).")
    String glob;

    @Option(names = "--range", paramLabel = "A..B[:STEP]", description = "One entry per number from A to B, both included: up, or down when B < A, by STEP"
            + " (default 1), a size whose direction comes from A and B (10..1:3 is 10 7 4 1). Decimals are exact and keep"
            + " the decimals written (0.10..0.30:0.05 is 0.10 0.15 .. 0.30).")
    String range;

    @Option(names = "--param", paramLabel = "NAME=V1,V2,..", description = "A grid parameter, values as a list (a,b,c) or a range A..B[:STEP] as for --range (1..10,"
            + " 0.1..0.5:0.1); repeat it for more: one entry per combination, {NAME} in the command"
            + " (a NAME no placeholder uses is an error).")
    List<String> params = new ArrayList<>();

    @Option(names = "--colsep", paramLabel = "SEP", description = "Split each --inputs line into columns {1} {2}.. at SEP (\\t for tab).")
    String colsep;

    @Option(names = "--chunk", paramLabel = "N|auto", defaultValue = "1",
            description = "Entries per task (default ${DEFAULT-VALUE}); auto: the fewest per task that fit the run in one array (the scheduler's MaxArraySize; 1,000 tasks at most locally).")
    String chunk;

    @Mixin
    ResourceOptions resources;

    @Option(names = "--name", paramLabel = "NAME", description = "A name for the run, usable wherever a run id is (default: the program's name).")
    String name;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", completionCandidates = BackendNames.class,
            description = "local, slurm, pbs (pbs-pro, torque) or auto (default): SLURM if sbatch is on PATH, else PBS if qsub is, else local.")
    String backend;

    @Option(names = "--simulate", description = "With --backend slurm, pbs, pbs-pro or torque: run against a simulated cluster inside this process, and follow it to the end.")
    boolean simulate;

    @Option(names = "--wait", negatable = true,
            description = "On a cluster: follow the run until it ends (as scatter watch) instead of returning once submitted.")
    boolean waitForEnd;

    @Option(names = "--thread-guard", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Set OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, … to the cpus per task (default; one you exported wins, with a"
                    + " warning when it asks for more threads than -c; --no-thread-guard leaves them).")
    boolean threadGuard;

    @Option(names = "--before", paramLabel = "COMMAND", description = "Run COMMAND once first (a shell line); the entries start only if it succeeds.")
    String before;

    @Option(names = "--then", paramLabel = "COMMAND", description = "Run COMMAND once after every entry succeeded (a shell line); after failures, retry them, or run it by hand with scatter then.")
    String then;

    @Option(names = "--task-time", paramLabel = "TIME", description = "Size chunks so each task runs about TIME (e.g. 1h), learnt from a first wave of entries (instead of --chunk); "
            + "tasks stay under -t and get a time limit. On a cluster a small job sizes and submits the rest after the wave.")
    String taskTime;

    @Option(names = "--keep-tmp", negatable = true, description = "Keep each task's private temporary directory (TMPDIR) after it ends.")
    boolean keepTmp;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Keep the run's ledger in DIR instead of .scatter/runs/ID (on a cluster: a filesystem the nodes share).")
    Path runDir;

    @Option(names = "--parsable", description = "Print only the run id on stdout (as sbatch --parsable), once submitted or,"
            + " on this machine, once ended; everything else goes to stderr. E.g. id=$(scatter run --parsable …).")
    boolean parsable;

    @Option(names = "--dry-run", description = "Print the plan, the scheduler script, the wrapper and the environment; run and write nothing.")
    boolean dryRun;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0", description = "Retry entries that did not succeed, up to N times (default ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--escalate", negatable = true, description = "With --retries: double memory after OUT_OF_MEMORY, time after TIMEOUT.")
    boolean escalate;

    @Option(names = "--remote", paramLabel = "[USER@]HOST[:DIR]", description = "Run on a cluster reached over ssh"
            + " (your ssh config, keys, ProxyJump and prompts apply; one login per session): its scheduler's commands run"
            + " there, the run's ledger is copied to DIR (default ~/.scatter-remote/<this directory's name>), where every"
            + " entry runs; status, gather, logs and report then fetch what the tasks wrote. Nothing of scatter is"
            + " installed there.")
    String remote;

    @Option(names = "--detach", description = "Run in the background, surviving logout (local; a cluster run returns once submitted anyway); follow with scatter watch.")
    boolean detach;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and its arguments, after -- (one argument: a shell line).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Path workdir = Path.of("").toAbsolutePath();
        ParseResult parsed = spec.commandLine().getParseResult();
        ConfigDefaults defaults = (ConfigDefaults) spec.defaultValueProvider();
        if (defaults != null && !parsed.hasMatchedOption("--sched-opt")) {
            resources.schedulerOptions = defaults.schedulerOptions(spec);
        }
        RunOptions options = new RunOptions(retries, escalate, waitForEnd, detach);
        RunRequest request = new RunRequest(workdir,
                new InputOptions(Optional.ofNullable(lines), Optional.ofNullable(csv), Optional.ofNullable(glob),
                        Optional.ofNullable(range), params, Optional.ofNullable(colsep)),
                command, resources.over(Resources.defaults()), ChunkSize.parse(chunk), Optional.ofNullable(name), threadGuard,
                Optional.ofNullable(runDir).map(Path::toAbsolutePath), keepTmp, Optional.ofNullable(before),
                Optional.ofNullable(then), Optional.ofNullable(taskTime).map(t -> TimeLimit.parse(t, "--task-time")), backend, simulate,
                System.getenv());
        if (remote != null) {
            request = request.onRemote(RemoteTarget.parse(remote, workdir.getFileName() == null ? "scatter"
                    : workdir.getFileName().toString()));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Runs runs = Cli.runs(); Console console = parsable ? Cli.quietConsole(spec) : Cli.console(spec)) {
            if (dryRun) {
                Runs.Prepared prepared = runs.prepare(request, System.in);
                prepared.warnings().forEach(console::warned);
                DryRun.print(prepared.plan(), prepared.backend(), runs.runsDir(), out, defaults == null ? List.of()
                        : EffectiveSettings.of(spec, Optional.of(parsed), defaults, defaults.backend(spec)));
                return ExitCode.OK.code();
            }
            Outcome outcome = runs.run(request, options, System.in, console);
            if (parsable) {
                int code = console.ended(outcome);
                out.println(outcome.run().spec().id());
                out.flush();
                return code;
            }
            if (outcome instanceof Outcome.Detached d) {
                String id = d.run().spec().id();
                out.println("run " + id + ": running in the background (pid " + d.pid() + ", log " + workdir.relativize(d.run().root())
                        + "/executor.log); scatter watch " + id + " follows it");
                out.flush();
                return ExitCode.OK.code();
            }
            return console.ended(outcome);
        }
    }
}
