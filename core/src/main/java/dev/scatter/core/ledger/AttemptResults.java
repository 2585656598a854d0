package dev.scatter.core.ledger;

import dev.scatter.core.model.EntryRanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private EntryRanges cancelled = EntryRanges.NONE;

    private AttemptResults() {
    }

    public static AttemptResults read(AttemptDir attempt) {
        return read(attempt, stems(attempt), null);
    }

    /** The attempt's results, through a cache that reads again only the files that changed. */
    public static AttemptResults read(AttemptDir attempt, ResultCache cache) {
        return cache.settled(attempt).orElseGet(() -> {
            cache.listed();
            return cache.read(attempt, stems(attempt));
        });
    }

    /** The records of one file ({@code tasks/STEM.res}, or a part of it) with the attempt's cancelled entries. */
    public static AttemptResults of(String stem, ResultFile records, EntryRanges cancelled) {
        AttemptResults r = new AttemptResults();
        r.add(stem, records);
        r.cancelled = cancelled;
        return r;
    }

    /** The results in the attempt's files of these {@code stems} (see {@link #stems}), through {@code cache} when not null. */
    public static AttemptResults read(AttemptDir attempt, List<String> stems, ResultCache cache) {
        return cache == null ? read(attempt, ResultFile::read, stems) : cache.read(attempt, stems);
    }

    static AttemptResults read(AttemptDir attempt, Function<Path, ResultFile> reader, List<String> stems) {
        AttemptResults r = new AttemptResults();
        stems.forEach(stem -> r.add(stem, reader.apply(attempt.results(stem))));
        r.cancelled = CancelledEntries.read(attempt);
        return r;
    }

    /** The stems of the attempt's result files ({@code tasks/STEM.res}). */
    public static List<String> stems(AttemptDir attempt) {
        try (Stream<Path> files = Files.list(attempt.tasksDir())) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".res"))
                    .map(name -> name.substring(0, name.length() - ".res".length())).toList();
        } catch (NoSuchFileException e) {
            return List.of();   // nothing ran yet
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One scheduler task's results from its own file ({@code tasks/T.res}), where each task writes
     * its own (a cluster's): read a task at a time, a run's status holds one task's records at a time.
     */
    public static AttemptResults readTask(AttemptDir attempt, int task, EntryRanges cancelled, ResultCache cache) {
        Path file = attempt.results(task);
        return of(String.valueOf(task), cache == null ? ResultFile.read(file) : cache.file(file), cancelled);
    }

    private void add(String stem, ResultFile f) {
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
