package dev.scatter.core.ledger;

import dev.scatter.core.io.AppendOnly;
import dev.scatter.core.model.TaskSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Result files read once and again only when they changed, for a client that looks at a run every
 * second or two ({@code scatter watch}, {@code --wait}). On a cluster the ledger lives on a shared
 * file system (NFS, Lustre, GPFS) whose metadata server every user's client shares, so each look
 * costs what it must and no more:
 * <ul>
 *   <li>a file whose size and modification time are unchanged is not read again (its parse is kept);
 *       one that grew is read from where the last read stopped (result files are append-only);</li>
 *   <li>a task's file once all its entries are settled is never looked at again (a task writes its
 *       own file, and nothing is appended to a settled task's file), nor is an attempt once all its
 *       entries are settled: {@link #settle};</li>
 *   <li>{@link #lookInterval} grows with the files still open, so one look every interval stays
 *       under {@value #STATS_PER_SECOND} file-status calls a second on average.</li>
 * </ul>
 * Not thread-safe: one follower owns one cache.
 */
public final class ResultCache {

    /** The average rate of file-status calls a follower may cost a shared file system's metadata server. */
    public static final int STATS_PER_SECOND = 500;
    private static final Duration FASTEST = Duration.ofSeconds(1);

    /**
     * A file's records as of {@code consumed} bytes (up to its last whole line), the C records there
     * still waiting for their E, and the size and time it had then.
     */
    private record Cached(long size, long modified, long consumed, ResultFile parsed, Map<Integer, Double> pendingCpu) {
    }

    private final Map<Path, Cached> files = new HashMap<>();
    private final Set<Path> settledFiles = new HashSet<>();
    private final Map<Path, AttemptResults> settledAttempts = new HashMap<>();
    private final Map<Path, Summaries> summaries = new HashMap<>();
    private long stats;
    private long statsInLastLook;
    private long statsAtLookStart;

    /** Starts a look: what {@link #lookInterval} is based on is what the look before cost. */
    public void beginLook() {
        statsInLastLook = stats - statsAtLookStart;
        statsAtLookStart = stats;
    }

    /**
     * The attempt's results in the files of these stems, reading only what changed since the last
     * look (a settled attempt's results are asked for first: {@link #settled}).
     */
    AttemptResults read(AttemptDir attempt, List<String> stems) {
        return AttemptResults.read(attempt, this::file, stems);
    }

    /** The attempt's settled results, when {@link #settle(AttemptDir, AttemptResults)} was told them. */
    public Optional<AttemptResults> settled(AttemptDir attempt) {
        return Optional.ofNullable(settledAttempts.get(attempt.root()));
    }

    /**
     * The attempt's task summaries: those read from the ledger (from where the last look stopped:
     * another process, a local executor, appends them as its tasks end), and those added here.
     */
    public Map<Integer, TaskSummary> summaries(AttemptDir attempt) {
        Summaries s = summaries.computeIfAbsent(attempt.root(), r -> new Summaries());
        if (s.byTask.size() < attempt.spec().taskCount()) {
            stats++;
            s.consumed = TaskSummaries.readFrom(attempt, s.consumed, s.byTask);
        }
        return s.byTask;
    }

    /** An attempt's summaries, and how much of its file they were read from. */
    private static final class Summaries {
        final Map<Integer, TaskSummary> byTask = new HashMap<>();
        long consumed;
    }

    /**
     * Tasks just summarized (and written to the ledger): {@link #summaries} holds them from now on,
     * and the records of their entries are dropped from the files kept (a local worker's file holds
     * every task it ran: kept whole, a million entries' records would stay in memory).
     */
    public void summarized(AttemptDir attempt, List<TaskSummary> fresh) {
        Map<Integer, TaskSummary> known = summaries(attempt);
        BitSet gone = new BitSet();
        for (TaskSummary s : fresh) {
            known.put(s.task(), s);
            attempt.spec().plan().task(s.task()).forEach(gone::set);
        }
        files.replaceAll((file, c) -> file.getParent().equals(attempt.tasksDir())
                ? new Cached(c.size(), c.modified(), c.consumed(), c.parsed().without(gone::get), c.pendingCpu())
                : c);
    }

    ResultFile file(Path file) {
        Cached c = files.get(file);
        if (c != null && settledFiles.contains(file)) {
            return c.parsed();
        }
        stats++;
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            files.remove(file);
            return ResultFile.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long modified = a.lastModifiedTime().toMillis();
        if (c != null && c.size() == a.size() && c.modified() == modified) {
            return c.parsed();
        }
        // result files are only appended to: read what was appended since (a local worker's file
        // holds every task it ran, and a look at a run of 100,000 entries would read them all again)
        Cached next = c != null && a.size() >= c.consumed() ? appended(file, c, a.size(), modified) : whole(file, a.size(), modified);
        files.put(file, next);
        return next.parsed();
    }

    private static Cached whole(Path file, long size, long modified) {
        return appended(file, new Cached(0, 0, 0, ResultFile.empty(), Map.of()), size, modified);
    }

    /** {@code c} with the whole lines appended to {@code file} after {@code c.consumed()}. */
    private static Cached appended(Path file, Cached c, long size, long modified) {
        AppendOnly.Lines lines;
        try {
            lines = AppendOnly.linesAfter(file, c.consumed(), size);   // a torn last line waits for the next look
        } catch (NoSuchFileException gone) {
            return new Cached(size, modified, 0, ResultFile.read(file), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.end() == c.consumed()) {
            return new Cached(size, modified, c.consumed(), c.parsed(), c.pendingCpu());
        }
        Map<Integer, Double> pending = new HashMap<>(c.pendingCpu());
        ResultFile later = ResultFile.parse(lines.text(), pending);
        return new Cached(size, modified, lines.end(), c.consumed() == 0 ? later : c.parsed().followedBy(later), pending);
    }

    /** A listing of an attempt's task directory counts as one call. */
    public void listed() {
        stats++;
    }

    /** The task's own file ({@code tasks/T.res}) will not change any more: every entry of the task is settled. */
    public void settle(AttemptDir attempt, int task) {
        Path file = attempt.results(task);
        if (files.containsKey(file)) {
            settledFiles.add(file);
        }
    }

    /** None of the attempt's result files will change any more: every entry of the attempt is settled. */
    public void settle(AttemptDir attempt, AttemptResults results) {
        settledAttempts.put(attempt.root(), results);
    }

    /** File-status calls (and directory listings) made so far. */
    public long stats() {
        return stats;
    }

    /**
     * How long to wait before the next look: at least a second, and long enough that the last
     * look's file-status calls average at most {@value #STATS_PER_SECOND} a second (a run with
     * 100,000 result files still open is looked at every 200 s, one with 500 every second).
     */
    public Duration lookInterval() {
        long last = Math.max(statsInLastLook, stats - statsAtLookStart);
        Duration d = Duration.ofMillis(last * 1000 / STATS_PER_SECOND);
        return d.compareTo(FASTEST) < 0 ? FASTEST : d;
    }
}
