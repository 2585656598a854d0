package dev.scatter.core.verdict;

import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * How scatter judges a task whose entries have no result of their own: the one policy for every
 * backend. The wrapper's records always win (they are read before anything asks this); the
 * policy decides only what happened to the entries a task left without records.
 *
 * <p>In order: a kill notice in the task's own output file (the scheduler's words, quoted) →
 * what the scheduler's state table says → for a task that ended "on its own" without its records,
 * the wrapper's own exit codes ({@value #WRAPPER_FIRST}–{@value #WRAPPER_LAST}: it could not start;
 * {@value #WRAPPER_UNWRITABLE}: it could not write its records, see {@code task.sh}) or LOST, quoting the last line of the task's output. A task that left the
 * queue with nothing left to ask is judged by its output file alone. Schedulers supply only their
 * state tables ({@link TaskEnd}) and their {@link KillNotice}s; the local backend uses the same
 * words for the limits it enforces itself.
 */
public final class VerdictPolicy {

    /** {@code task.sh} exits 96–98 when it cannot start at all: working directory, task index, task table. */
    public static final int WRAPPER_FIRST = 96;
    public static final int WRAPPER_LAST = 98;
    /** {@code task.sh} exits 94 when the file system refused one of its records or markers (no space left on device). */
    public static final int WRAPPER_UNWRITABLE = 94;

    private final List<KillNotice> notices;
    private final String withoutHistory;

    /**
     * @param notices        the kill notices the scheduler writes into a task's own output
     * @param withoutHistory why nothing can tell how a task that left the queue ended, finishing
     *                       "its task left the queue without a result, and …"
     */
    public VerdictPolicy(List<KillNotice> notices, String withoutHistory) {
        this.notices = List.copyOf(notices);
        this.withoutHistory = withoutHistory;
    }

    /** A task the scheduler says has ended, with some entries left without records. */
    public Verdict ended(TaskEnd end, Resources r, String logTail) {
        Optional<Verdict> notice = notice(r, logTail, end.code());
        String words = end.words().isEmpty() ? "" : ": " + end.words();
        switch (end.state()) {
            case TIMEOUT, OUT_OF_MEMORY -> {
                return notice.filter(v -> v.state() == end.state())
                        .orElse(new Verdict(end.state(), limit(end.state(), r) + " exceeded" + end.code() + words));
            }
            case CANCELLED -> {
                return new Verdict(EntryState.CANCELLED, "cancelled" + words + end.code());
            }
            case SUCCEEDED -> {
                // ended on its own (or the scheduler does not say how) without its records
                String code = end.code().isEmpty() && !end.words().isEmpty() ? " (" + end.words() + ")" : end.code();
                return notice.orElse(new Verdict(EntryState.LOST, "its task ended without recording a result for it"
                        + code + lastLine(logTail)));
            }
            case FAILED -> {
                if (notice.isPresent()) {
                    return notice.get();
                }
                if (isWrapperFailure(end.exitStatus())) {
                    return new Verdict(EntryState.LOST, "the scatter wrapper could not start" + end.code() + lastLine(logTail));
                }
                if (end.exitStatus() == WRAPPER_UNWRITABLE) {
                    return new Verdict(EntryState.LOST, "the scatter wrapper could not write its records" + end.code()
                            + lastLine(logTail));
                }
                return new Verdict(EntryState.LOST, "its task ended before recording a result for it" + words + end.code()
                        + lastLine(logTail));
            }
            default -> {
                return new Verdict(end.state() == EntryState.UNKNOWN ? EntryState.UNKNOWN : EntryState.LOST,
                        (end.words().isEmpty() ? "its task ended" : end.words()) + end.code() + lastLine(logTail));
            }
        }
    }

    /** A task that left the queue when nothing (no accounting, no history) can say how it ended: its output file alone. */
    public Verdict vanished(Resources r, String logTail) {
        return notice(r, logTail, "").orElse(new Verdict(EntryState.LOST, "its task left the queue without a result, and "
                + withoutHistory + lastLine(logTail)));
    }

    /**
     * The memory kill a task's output reports, if any: asked for tasks whose every entry has a
     * record but one died of SIGKILL (the kill reached the command before the wrapper, or a
     * cgroup killed the command alone and the task went on).
     */
    public Optional<Verdict> memoryKill(Resources r, String logTail) {
        return notice(r, logTail, "").filter(v -> v.state() == EntryState.OUT_OF_MEMORY);
    }

    /** A limit the backend enforces itself (the local machine): "time limit 00:01:00 exceeded". */
    public static Verdict overLimit(EntryState state, Resources r) {
        return new Verdict(state, limit(state, r) + " exceeded");
    }

    /** The task's own shell died with {@code exitStatus} while it ran an entry (the local machine's workers). */
    public static Verdict taskDied(int exitStatus) {
        return new Verdict(EntryState.LOST, (isWrapperFailure(exitStatus) ? "the scatter wrapper could not start"
                : exitStatus == WRAPPER_UNWRITABLE ? "the scatter wrapper could not write its records"
                : "the task's shell died") + " (exit status " + exitStatus + ")");
    }

    public static boolean isWrapperFailure(int exitStatus) {
        return exitStatus >= WRAPPER_FIRST && exitStatus <= WRAPPER_LAST;
    }

    /** The first notice found in the task's output, as a verdict quoting its line. */
    private Optional<Verdict> notice(Resources r, String logTail, String code) {
        for (KillNotice n : notices) {
            Matcher m = n.pattern().matcher(logTail);
            if (m.find()) {
                return Optional.of(new Verdict(n.state(), n.limit().orElse(limit(n.state(), r)) + " exceeded" + code + ": "
                        + lineAt(logTail, m.start())));
            }
        }
        return Optional.empty();
    }

    private static String limit(EntryState state, Resources r) {
        return state == EntryState.TIMEOUT
                ? r.time().map(t -> "time limit " + t.slurm()).orElse("the default time limit")
                : r.memory().map(m -> "memory limit " + m).orElse("its memory limit");
    }

    private static String lineAt(String text, int offset) {
        int start = text.lastIndexOf('\n', offset) + 1;
        int end = text.indexOf('\n', offset);
        return text.substring(start, end < 0 ? text.length() : end).strip();
    }

    private static String lastLine(String text) {
        String t = text.strip();
        return t.isEmpty() ? "" : ": " + t.substring(t.lastIndexOf('\n') + 1).strip();
    }
}
