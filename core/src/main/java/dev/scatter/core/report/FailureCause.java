package dev.scatter.core.report;

import dev.scatter.core.model.EntryState;
import java.util.List;
import java.util.OptionalInt;

/**
 * The failed entries that failed the same way (same state; for {@code FAILED}, the same exit code),
 * with the first few of them as examples.
 *
 * @param state    how they ended
 * @param exitCode the command's exit code, for {@code FAILED}
 * @param count    how many entries
 * @param examples the first entries, in input order
 */
public record FailureCause(EntryState state, OptionalInt exitCode, int count, List<Example> examples) {

    /** One failed entry: its input, why, where, and the last lines it wrote to stderr. */
    public record Example(int entry, String input, String reason, String host, String stderrTail) {
    }

    /** {@code FAILED (exit 3)}, {@code OUT_OF_MEMORY}. */
    public String label() {
        return state + exitCode.stream().mapToObj(c -> " (exit " + c + ")").findFirst().orElse("");
    }
}
