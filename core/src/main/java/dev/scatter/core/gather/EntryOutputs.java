package dev.scatter.core.gather;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskOutput;
import dev.scatter.core.model.EntryStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an entry's bytes in its task's output file, keeping the index of the last few task files
 * read (gather walks entries in input order, which is task order within an attempt).
 */
public final class EntryOutputs {

    /** Where one entry's output lies. */
    public record Location(Path file, TaskOutput.Segment segment) {
    }

    private static final int CACHED_TASKS = 64;

    private final RunDir run;
    private final String token;
    private final Map<Path, Map<Integer, TaskOutput.Segment>> indexes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Map<Integer, TaskOutput.Segment>> eldest) {
            return size() > CACHED_TASKS;
        }
    };

    public EntryOutputs(RunDir run) {
        this.run = run;
        this.token = run.spec().token();
    }

    public Optional<Location> stdout(EntryStatus entry) {
        return locate(entry, false);
    }

    public Optional<Location> stderr(EntryStatus entry) {
        return locate(entry, true);
    }

    private Optional<Location> locate(EntryStatus entry, boolean stderr) {
        if (entry.stem().isEmpty()) {
            return Optional.empty();
        }
        AttemptDir attempt = run.attempt(entry.attempt());
        Path file = attempt.tasksDir().resolve(entry.stem() + (stderr ? ".err" : ".out"));
        TaskOutput.Segment segment = indexes.computeIfAbsent(file, f -> TaskOutput.index(f, token)).get(entry.entry());
        return Optional.ofNullable(segment).map(s -> new Location(file, s));
    }

    /** The last {@code lines} lines of an entry's stderr, for status. */
    public String stderrTail(EntryStatus entry, int lines) {
        return stderr(entry).map(loc -> {
            long from = Math.max(loc.segment().start(), loc.segment().end() - 8192);
            byte[] bytes = TaskOutput.read(loc.file(), new TaskOutput.Segment(from, loc.segment().end()));
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
            String[] all = text.split("\n", -1);
            int first = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.copyOfRange(all, first, all.length));
        }).orElse("");
    }
}
