package dev.scatter.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Result files read once and again only when they changed, for a client that looks at a run every
 * second or two ({@code scatter watch}, {@code --wait}). On a cluster the ledger lives on a shared
 * file system (NFS, Lustre, GPFS) whose metadata server every user's client shares, so each look
 * costs what it must and no more:
 * <ul>
 *   <li>a file whose size and modification time are unchanged is not read again (its parse is kept);</li>
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

    private record Cached(long size, long modified, ResultFile parsed) {
    }

    private final Map<Path, Cached> files = new HashMap<>();
    private final Set<Path> settledFiles = new HashSet<>();
    private final Map<Path, AttemptResults> settledAttempts = new HashMap<>();
    private long stats;
    private long statsInLastLook;
    private long statsAtLookStart;

    /** Starts a look: what {@link #lookInterval} is based on is what the look before cost. */
    public void beginLook() {
        statsInLastLook = stats - statsAtLookStart;
        statsAtLookStart = stats;
    }

    /** The attempt's results, reading only what changed since the last look. */
    AttemptResults read(AttemptDir attempt) {
        AttemptResults settled = settledAttempts.get(attempt.root());
        if (settled != null) {
            return settled;
        }
        listed();
        return AttemptResults.read(attempt, this::file);
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
        ResultFile parsed = ResultFile.read(file);
        files.put(file, new Cached(a.size(), modified, parsed));
        return parsed;
    }

    /** A listing of an attempt's task directory counts as one call. */
    void listed() {
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
