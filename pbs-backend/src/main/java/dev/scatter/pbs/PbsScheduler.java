package dev.scatter.pbs;

import dev.scatter.core.grid.ArraySubmission;
import dev.scatter.core.grid.GridScheduler;
import dev.scatter.core.grid.Query;
import dev.scatter.core.grid.Selector;
import dev.scatter.core.grid.SubmitOutcome;
import dev.scatter.core.grid.TaskInfo;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.verdict.KillNotice;
import dev.scatter.core.verdict.TaskEnd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.regex.Pattern;

/**
 * What OpenPBS / PBS Pro ({@link PbsProScheduler}) and Torque ({@link TorqueScheduler}) share:
 * qsub one array at a time (a one-task array as a plain job), qdel, PBS's own output file per
 * task, and reading why a task died. The flavours differ in their directives
 * ({@link PbsScriptGenerator}), their qstat and its format ({@link PbsStatusParser}), and the
 * way qdel names several subjobs.
 *
 * <p><b>Status queries name one job or none.</b> Some qstat versions print only the first of
 * several job ids, so a run with one array (the usual case) asks for that array alone, and a run
 * with several (retries, steps, a run above max_array_size) asks for every job on the server and
 * keeps its own; one query per poll either way.
 */
abstract class PbsScheduler implements GridScheduler {

    /** qdel's words for jobs that already ended (trap PBS 12: exits 35, 55, 153; Torque's COMPLETE). */
    private static final Pattern ALREADY_GONE = Pattern.compile(
            "Unknown Job Id|Job has finished|Request invalid for finished array subjob|invalid state for job - COMPLETE");

    protected final PbsScriptGenerator generator;
    protected final PbsStatusParser parser;

    PbsScheduler(PbsScriptGenerator generator, PbsStatusParser parser) {
        this.generator = generator;
        this.parser = parser;
    }

    /** {@code qstat --version}: {@code pbs_version = 23.06.06} on PBS Pro (fixtures qstat_version), {@code Version: 6.1.3} on Torque. */
    @Override
    public List<String> versionCommand() {
        return List.of("qstat", "--version");
    }

    protected String tag() {
        return "[" + name() + "]";
    }

    /** qsub without -V gives a job PBS's variables only (and PBS Pro sets OMP_NUM_THREADS to the chunk's ncpus). */
    @Override
    public boolean exportsEnvironment() {
        return false;
    }

    @Override
    public void check(Resources resources) {
        generator.check(resources);
    }

    @Override
    public List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return generator.header(spec, attempt, dir);
    }

    /** {@code <attempt>/pbs/123[4].pbshost.OU}: PBS names the file in the -o directory after the (sub)job. */
    @Override
    public Path schedulerLog(AttemptDir dir, String arrayId, int index) {
        return PbsScriptGenerator.logDir(dir).resolve(subjobId(arrayId, index) + ".OU");
    }

    @Override
    public List<String> submitCommand(ArraySubmission array) {
        return generator.submitCommand(array);
    }

    @Override
    public SubmitOutcome parseSubmit(CommandResult result) {
        return PbsSubmitParser.outcome(result, parser, tag());
    }

    @Override
    public Query parseStatus(CommandResult result) {
        return parser.query(result, false);
    }

    /** {@code " (Exit_status 271)"}: PBS's own exit status, when it kept one. */
    @Override
    public TaskEnd end(TaskInfo t) {
        return new TaskEnd(t.state(), t.detail(), t.exitCode().isEmpty() ? "" : " (Exit_status " + t.exitCode() + ")",
                t.exitStatus());
    }

    /** MoM's notice in the job's own output file (fixtures cat_walltime_stderr; Torque writes the same). */
    @Override
    public List<KillNotice> killNotices() {
        return KILL_NOTICES;
    }

    private static final List<KillNotice> KILL_NOTICES = List.of(
            KillNotice.of("=>> PBS: job killed: walltime\\b", EntryState.TIMEOUT),
            KillNotice.of("=>> PBS: job killed: cput\\b", EntryState.TIMEOUT, "cpu time limit"),
            KillNotice.of("=>> PBS: job killed: (mem|vmem|pmem|pvmem)\\b", EntryState.OUT_OF_MEMORY));

    @Override
    public String withoutHistory() {
        return parser.forgetfulness();
    }

    /** {@code qdel 2501[].server 2503[3-5].server …}: whole arrays by id, subjobs as {@link #subjobIds}. */
    @Override
    public List<List<String>> cancelCommands(Collection<String> wholeArrays, Map<String, SortedSet<Integer>> tasks) {
        List<String> ids = new ArrayList<>(wholeArrays);
        tasks.forEach((array, indices) -> ids.addAll(subjobIds(array, indices)));
        return GridScheduler.batched("qdel", ids);
    }

    /** The qdel operands for some subjobs of one array. */
    protected abstract List<String> subjobIds(String arrayId, SortedSet<Integer> indices);

    /** qdel of a job that already ended is not a failure: the task is gone either way. */
    @Override
    public boolean cancelled(CommandResult result) {
        if (result.succeeded()) {
            return true;
        }
        List<String> lines = result.stderr().lines().filter(l -> !l.isBlank()).toList();
        return !lines.isEmpty() && lines.stream().allMatch(l -> ALREADY_GONE.matcher(l).find());
    }

    @Override
    public boolean isTransient(CommandResult result) {
        return parser.isTransient(result.stderr() + result.stdout());
    }

    /** {@code 123[4].server} for index 4 of array {@code 123[].server}; a plain job is its own id. */
    static String subjobId(String arrayId, int index) {
        int b = arrayId.indexOf("[]");
        return b < 0 ? arrayId : arrayId.substring(0, b) + "[" + index + "]" + arrayId.substring(b + 2);
    }

    /** The one job id to name, when the query is about exactly one; else none (see the class comment). */
    static List<String> operand(Selector selector) {
        return !selector.byName() && selector.ids().size() == 1 ? selector.ids() : List.of();
    }
}
