package dev.scatter.core.grid;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.verdict.KillNotice;
import dev.scatter.core.verdict.TaskEnd;
import dev.scatter.core.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * What one command-line scheduler (SLURM, PBS, …) contributes to a {@link GridBackend}: command
 * lines to run and parsers for what they print. Nothing here runs a process, reads the ledger or
 * sleeps; {@link GridBackend} does that once for every scheduler, through one
 * {@link dev.scatter.core.spi.CommandRunner}, with retries and backoff.
 *
 * <p><b>The job script.</b> Every array task runs the attempt's {@code task.sh} unchanged; the
 * scheduler only adds its header lines ({@link #scriptHeader}). The script's invariants, which the
 * submit command must keep:
 * <ul>
 *   <li>the task number is the scheduler's array index plus {@code SCATTER_INDEX_OFFSET}, so the
 *       submit command must put {@link ArraySubmission#offset()} into the task's environment, and
 *       must number the array's indices {@code 0 … size-1};</li>
 *   <li>the script {@code cd}s to the run's working directory itself and writes its own result
 *       records ({@code tasks/T.res}): the scheduler's view is advisory, the records decide;</li>
 *   <li>it exits 1 when an entry failed (so a FAILED task with records is not a lost task), and
 *       96–98 when it could not start at all (working directory, task index, task table).</li>
 * </ul>
 *
 * <p><b>Status.</b> One {@link #statusCommand} covers every array of a run; one
 * {@link #accountingCommand} covers the tasks that left the live listing. Both parse into
 * {@link TaskInfo} records, one per array task, collapsed ranges expanded, stale records dropped.
 * Parsers never throw on an unknown state: it becomes {@code UNKNOWN} with the raw text kept.
 */
public interface GridScheduler {

    /** The backend name written into the run spec: {@code slurm}. */
    String name();

    /** Whether a job starts with the submitting environment (sbatch's default); see {@link dev.scatter.core.spi.Backend#tasksInheritEnvironment()}. */
    default boolean exportsEnvironment() {
        return true;
    }

    /**
     * Refuses, with a {@link dev.scatter.core.UsageException}, options scatter cannot honour on this
     * scheduler (e.g. a {@code --sched-opt} that would change the array or the job name).
     */
    default void check(Resources resources) {
    }

    /** The command that prints the scheduler's configuration (read once per run). */
    List<String> configCommand();

    /** The limits scatter plans with; defaults for anything the output does not say. */
    SchedulerLimits parseConfig(String stdout);

    /** The command that prints the client's version ({@code sbatch --version}), for {@code scatter doctor}. */
    List<String> versionCommand();

    /**
     * The scheduler and version {@link #versionCommand}'s output names ({@code SLURM 22.05.8}), or
     * empty when it names none of this scheduler's.
     */
    Optional<String> parseVersion(String output);

    /**
     * What this scheduler's configuration calls the settings {@link #parseConfig} reads, and how
     * accounting is turned on: the words {@code scatter doctor} reports the limits with.
     */
    Settings settings();

    /**
     * Names of the settings behind {@link SchedulerLimits}, as the scheduler's configuration spells them.
     *
     * @param maxArraySize     {@code MaxArraySize}, {@code max_array_size}
     * @param minJobAge        {@code MinJobAge}: how long an ended job stays in {@link #statusCommand}'s answer
     * @param accounting       {@code AccountingStorageType}, {@code job_history_enable}
     * @param enableAccounting what to ask the cluster's administrators for when accounting is off
     */
    record Settings(String maxArraySize, String minJobAge, String accounting, String enableAccounting) {
    }

    /** The directive lines for {@code task.sh} (e.g. {@code #SBATCH --mem=4G}), attempt-wide. */
    List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir);

    /**
     * Where the header sends the scheduler's own output for one array task (slurmstepd's kill
     * messages). Its directory must exist before submission; {@link GridBackend} creates it.
     */
    Path schedulerLog(AttemptDir dir, String arrayId, int index);

    /** The command that submits one array. */
    List<String> submitCommand(ArraySubmission array);

    /** What a submission did: accepted with an id, refused for a limit, rejected, or transient. */
    SubmitOutcome parseSubmit(CommandResult result);

    /** One live-status command for the given arrays (by id) or the given job names. */
    List<String> statusCommand(Selector selector);

    /** Parses {@link #statusCommand}'s result. */
    Query parseStatus(CommandResult result);

    /** One accounting command for the given arrays (by id) or job names; for tasks gone from the live view. */
    List<String> accountingCommand(Selector selector);

    /** Parses {@link #accountingCommand}'s result ({@link Query.Unavailable} when accounting is off). */
    Query parseAccounting(CommandResult result);

    /**
     * One command telling what the given arrays' ended tasks used (peak memory, CPU time, elapsed
     * time, nodes), or an empty list when this scheduler cannot tell. Asked once per
     * {@code status --resources} for every array holding a task that ended and was not measured yet.
     */
    default List<String> usageCommand(List<String> arrayIds) {
        return List.of();
    }

    /**
     * Parses {@link #usageCommand}'s result: one {@link MeasuredTask} per array task the scheduler
     * considers ended (a task still listed as running is left out, to be asked again later).
     * Never throws for an odd value (an unknown unit is "not measured"); a failed command is a
     * {@link dev.scatter.core.BackendException} holding the command, its exit status and output.
     */
    default List<MeasuredTask> parseUsage(CommandResult result) {
        return List.of();
    }

    /**
     * How a task ended, in this scheduler's words, for core's {@link VerdictPolicy}: the state
     * and words of its state table, and its own code as messages quote it ({@code " (FAILED 0:9)"}).
     */
    TaskEnd end(TaskInfo task);

    /** The lines this scheduler writes into a task's own output when it kills it for a limit. */
    default List<KillNotice> killNotices() {
        return List.of();
    }

    /**
     * Why nothing can tell how a task that left the live listing ended, when there is no accounting
     * (SLURM with accounting storage disabled; PBS without job history): finishes "its task left the
     * queue without a result, and …".
     */
    default String withoutHistory() {
        return "there is no accounting to say why (" + name() + " accounting storage is disabled)";
    }

    /**
     * Commands that stop whole arrays and single tasks (few commands, many ids each).
     *
     * @param wholeArrays array ids to stop entirely
     * @param tasks       array id → indices to stop
     */
    List<List<String>> cancelCommands(Collection<String> wholeArrays, Map<String, SortedSet<Integer>> tasks);

    /** Operands per cancel command: argv stays far below ARG_MAX however many tasks are cancelled. */
    int OPERANDS_PER_COMMAND = 200;

    /** {@code program operand…} as commands of at most {@link #OPERANDS_PER_COMMAND} operands each. */
    static List<List<String>> batched(String program, List<String> operands) {
        List<List<String>> commands = new java.util.ArrayList<>();
        for (int i = 0; i < operands.size(); i += OPERANDS_PER_COMMAND) {
            List<String> argv = new java.util.ArrayList<>(List.of(program));
            argv.addAll(operands.subList(i, Math.min(operands.size(), i + OPERANDS_PER_COMMAND)));
            commands.add(argv);
        }
        return commands;
    }

    /**
     * True when a {@link #cancelCommands cancel command} did what it was asked: it succeeded, or it
     * complained only about jobs that had already ended (PBS's qdel exits 35, 55 or 153 for those;
     * scancel is silent).
     */
    default boolean cancelled(CommandResult result) {
        return result.succeeded();
    }

    /**
     * True when a failed command is worth repeating as is: the controller did not answer, timed
     * out, or refused a connection. A transient error never decides an entry's state.
     */
    boolean isTransient(CommandResult result);

    /** A command telling how many cpus the cluster (or {@code r}'s partition) has, or empty when unknown. */
    default List<String> capacityCommand(Resources r) {
        return List.of();
    }

    /** The cpus {@link #capacityCommand}'s output tells, or empty. */
    default java.util.OptionalInt parseCapacity(String stdout) {
        return java.util.OptionalInt.empty();
    }
}
