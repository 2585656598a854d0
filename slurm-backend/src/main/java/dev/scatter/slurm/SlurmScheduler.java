package dev.scatter.slurm;

import dev.scatter.core.grid.ArraySubmission;
import dev.scatter.core.grid.GridScheduler;
import dev.scatter.core.grid.MeasuredTask;
import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.SchedulerLimits;
import dev.scatter.core.grid.Selector;
import dev.scatter.core.grid.SubmitOutcome;
import dev.scatter.core.grid.TaskInfo;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.IndexRanges;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.verdict.KillNotice;
import dev.scatter.core.verdict.TaskEnd;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SLURM's command lines (sbatch, squeue, sacct, scancel, scontrol) for the grid layer; the
 * parsing lives in {@link SlurmStatusParser} and {@link SlurmSubmitParser}, the directives in
 * {@link SlurmScriptGenerator}. Tested against SLURM 22.05.8 (shared/fixtures).
 */
public final class SlurmScheduler implements GridScheduler {

    /** SLURM's time stamps, in the cluster's (here: this machine's) time zone. */
    private static final DateTimeFormatter SLURM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** What {@code sbatch --version} prints: {@code slurm 22.05.8}, or {@code slurm-wlm 22.05.8} from Debian's packages. */
    private static final Pattern VERSION = Pattern.compile("(?m)^\\s*slurm(?:-wlm)?\\s+(\\d\\S*)");

    private static final Settings SETTINGS = new Settings("MaxArraySize", "MinJobAge", "AccountingStorageType",
            "ask the cluster's administrators for accounting storage (slurmdbd), which sacct reads");

    @Override
    public String name() {
        return SlurmBackend.NAME;
    }

    @Override
    public void check(Resources resources) {
        SlurmScriptGenerator.check(resources);
    }

    /** {@code sinfo -h -o %C [-p PARTITION]}: the partition's cpus as "allocated/idle/other/total". */
    @Override
    public List<String> capacityCommand(Resources r) {
        List<String> argv = new ArrayList<>(List.of("sinfo", "-h", "-o", "%C"));
        r.partition().ifPresent(p -> argv.addAll(List.of("-p", p)));
        return argv;
    }

    /** The total of the first row (the default partition comes first, or the one asked for). */
    @Override
    public java.util.OptionalInt parseCapacity(String stdout) {
        for (String line : stdout.strip().split("\n")) {
            String[] f = line.strip().split("/");
            if (f.length == 4) {
                try {
                    return java.util.OptionalInt.of(Integer.parseInt(f[3].strip()));
                } catch (NumberFormatException e) {
                    return java.util.OptionalInt.empty();
                }
            }
        }
        return java.util.OptionalInt.empty();
    }

    @Override
    public List<String> configCommand() {
        return List.of("scontrol", "show", "config");
    }

    /**
     * {@code MaxArraySize = 1001}, {@code MinJobAge = 300 sec}, {@code AccountingStorageType =
     * accounting_storage/none} (no sacct), {@code SLURM_VERSION = 22.05.8}
     * (shared/fixtures/slurm/scontrol_show_config). Missing keys keep SLURM's defaults.
     */
    @Override
    public SchedulerLimits parseConfig(String stdout) {
        Map<String, String> s = SchedulerLimits.settings(stdout);
        String version = s.getOrDefault("SLURM_VERSION", "");
        return new SchedulerLimits((int) Math.max(1, SchedulerLimits.number(s, "MaxArraySize", 1001)),
                Duration.ofSeconds(SchedulerLimits.number(s, "MinJobAge", 300)),
                !s.getOrDefault("AccountingStorageType", "").endsWith("/none"), version,
                "scontrol show config" + (version.isEmpty() ? "" : ", SLURM " + version));
    }

    @Override
    public List<String> versionCommand() {
        return List.of("sbatch", "--version");
    }

    /** {@code SLURM 22.05.8} from the first line that names it (fixtures version). */
    @Override
    public Optional<String> parseVersion(String output) {
        Matcher m = VERSION.matcher(output);
        return m.find() ? Optional.of("SLURM " + m.group(1)) : Optional.empty();
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    public List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return SlurmScriptGenerator.header(spec, attempt, dir);
    }

    @Override
    public Path schedulerLog(AttemptDir dir, String arrayId, int index) {
        return SlurmScriptGenerator.logDir(dir).resolve(arrayId + "_" + index + ".log");
    }

    @Override
    public List<String> submitCommand(ArraySubmission array) {
        return SlurmScriptGenerator.submitCommand(array);
    }

    @Override
    public SubmitOutcome parseSubmit(CommandResult result) {
        return SlurmSubmitParser.outcome(result);
    }

    /** {@code squeue -r -h -t all -j 2501,2502 -o %F|%K|%A|%T|%r|%e|%j}: every task, finished ones too (until MinJobAge). */
    @Override
    public List<String> statusCommand(Selector selector) {
        List<String> argv = new ArrayList<>(List.of("squeue", "-r", "-h", "-t", "all"));
        if (selector.byName()) {
            argv.add("--name=" + String.join(",", selector.names()));
        } else {
            argv.addAll(List.of("-j", String.join(",", selector.ids())));
        }
        argv.addAll(List.of("-o", SlurmStatusParser.SQUEUE_FORMAT));
        return argv;
    }

    @Override
    public Query parseStatus(CommandResult result) {
        return SlurmStatusParser.squeue(result);
    }

    /**
     * {@code sacct -P -n -X -j 2501,2502 -o …}: allocations only (no .batch/.extern steps). By name it
     * needs a start time: without -j, sacct shows only jobs since midnight.
     */
    @Override
    public List<String> accountingCommand(Selector selector) {
        List<String> argv = new ArrayList<>(List.of("sacct", "-P", "-n", "-X"));
        if (selector.byName()) {
            argv.add("--name=" + String.join(",", selector.names()));
            argv.addAll(List.of("-S", SLURM_TIME.format(LocalDateTime.ofInstant(selector.since(), ZoneId.systemDefault()))));
        } else {
            argv.addAll(List.of("-j", String.join(",", selector.ids())));
        }
        argv.addAll(List.of("-o", SlurmStatusParser.SACCT_FORMAT));
        return argv;
    }

    @Override
    public Query parseAccounting(CommandResult result) {
        return SlurmStatusParser.sacct(result);
    }

    /**
     * {@code sacct -P -n -j 2501,2502 -o …} with steps: MaxRSS is only on the steps (trap 15), the
     * rest on each task's own line. One call for every array of the run that holds an ended task.
     */
    @Override
    public List<String> usageCommand(List<String> arrayIds) {
        return List.of("sacct", "-P", "-n", "-j", String.join(",", arrayIds), "-o", SlurmUsageParser.FORMAT);
    }

    @Override
    public List<MeasuredTask> parseUsage(CommandResult result) {
        return SlurmUsageParser.parse(result);
    }

    /** {@code " (FAILED 0:9)"}: the state as SLURM wrote it, and the exit code unless it is 0:0. */
    @Override
    public TaskEnd end(TaskInfo t) {
        String code = " (" + t.nativeState() + (t.exitCode().isEmpty() || t.exitCode().equals("0:0") ? "" : " " + t.exitCode()) + ")";
        return new TaskEnd(t.state(), t.detail(), code, t.exitStatus());
    }

    /**
     * slurmstepd's line when it kills for memory (task_output_memkill: "exceeded memory limit"), and
     * a cgroup's OOM notices. Without cgroups a memory kill is FAILED 0:9, told from a kill -9 only
     * by this line in the task's own SLURM output (fixtures trap 1).
     */
    @Override
    public List<KillNotice> killNotices() {
        return KILL_NOTICES;
    }

    private static final List<KillNotice> KILL_NOTICES = List.of(
            KillNotice.of("(?i)(exceeded (?:job )?memory limit|oom[-_ ]kill)", EntryState.OUT_OF_MEMORY));

    /** {@code scancel 2501 2502_[3-5,9] …}: whole arrays by id, single tasks as bracketed lists per array. */
    @Override
    public List<List<String>> cancelCommands(Collection<String> wholeArrays, Map<String, SortedSet<Integer>> tasks) {
        List<String> ids = new ArrayList<>(wholeArrays);
        tasks.forEach((array, indices) -> ids.add(array + "_[" + IndexRanges.format(indices) + "]"));
        return GridScheduler.batched("scancel", ids);
    }

    @Override
    public boolean isTransient(CommandResult result) {
        return SlurmStatusParser.isTransient(result.stderr() + result.stdout());
    }
}
