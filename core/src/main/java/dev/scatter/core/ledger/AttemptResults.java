package dev.scatter.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every result record of one attempt, merged from all its result files, with the stem of the file
 * each entry's latest begin record is in (its output is in {@code STEM.out}/{@code STEM.err}).
 */
public final class AttemptResults {

    /** Where an entry began: the record and the stem of the file holding it. */
    public record Located(ResultFile.Begin begin, String stem) {
    }

    private final Map<Integer, Located> begun = new HashMap<>();
    private final Map<Integer, ResultFile.End> ended = new HashMap<>();
    private final Map<Integer, ResultFile.Kill> killed = new HashMap<>();
    private final Map<Integer, ResultFile.Kill> taskKills = new HashMap<>();
    private final Set<Integer> cancelled = new HashSet<>();

    private AttemptResults() {
    }

    public static AttemptResults read(AttemptDir attempt) {
        return read(attempt, ResultFile::read);
    }

    /** The attempt's results, through a cache that reads again only the files that changed. */
    public static AttemptResults read(AttemptDir attempt, ResultCache cache) {
        return cache.read(attempt);
    }

    static AttemptResults read(AttemptDir attempt, Function<Path, ResultFile> reader) {
        AttemptResults r = new AttemptResults();
        try (Stream<Path> files = Files.list(attempt.tasksDir())) {
            files.filter(p -> p.getFileName().toString().endsWith(".res")).forEach(p -> r.add(p, reader.apply(p)));
        } catch (NoSuchFileException e) {
            // nothing ran yet
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        r.cancelled.addAll(CancelledEntries.read(attempt));
        return r;
    }

    private void add(Path file, ResultFile f) {
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - ".res".length());
        f.begun().forEach((e, b) -> begun.merge(e, new Located(b, stem),
                (old, now) -> now.begin().start() >= old.begin().start() ? now : old));
        f.ended().forEach((e, end) -> ended.merge(e, end, (old, now) -> now.end() >= old.end() ? now : old));
        killed.putAll(f.killed());
        if (f.taskKill().isPresent() && stem.chars().allMatch(Character::isDigit)) {
            taskKills.put(Integer.parseInt(stem), f.taskKill().get());
        }
    }

    public Optional<Located> begun(int entry) {
        return Optional.ofNullable(begun.get(entry));
    }

    public Optional<ResultFile.End> ended(int entry) {
        return Optional.ofNullable(ended.get(entry));
    }

    /** Why the entry was ended from outside, if it was (its own X record, else its task's K record). */
    public Optional<ResultFile.Kill> killed(int entry, int task) {
        ResultFile.Kill k = killed.get(entry);
        return Optional.ofNullable(k != null ? k : taskKills.get(task));
    }

    public boolean isCancelled(int entry) {
        return cancelled.contains(entry);
    }

    /** True when the entry has a final record: an end, an outside kill, or the user's cancel. */
    public boolean isSettled(int entry, int task) {
        return ended.containsKey(entry) || killed(entry, task).isPresent() || cancelled.contains(entry);
    }
}
