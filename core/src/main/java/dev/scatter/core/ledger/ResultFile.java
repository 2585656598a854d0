package dev.scatter.core.ledger;

import dev.scatter.core.io.AppendOnly;
import dev.scatter.core.model.EntryState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntPredicate;

/**
 * One result file ({@code tasks/STEM.res}), appended line by line. A scheduler task writes its own
 * ({@code tasks/T.res}); a local worker writes one for all the tasks it runs ({@code tasks/wS-G.res}).
 * <pre>
 * B ENTRY START HOST PID     the wrapper began the entry (START: epoch seconds, maybe fractional)
 * C ENTRY USER SYS           the CPU seconds of the entry's command (bash's time), written just before its E
 * E ENTRY EXIT END           the entry's command ended with exit status EXIT
 * X ENTRY STATE TIME DETAIL… the entry was ended from outside (TIMEOUT, OUT_OF_MEMORY, CANCELLED, LOST…)
 * K STATE TIME DETAIL…       task T was ended from outside: applies to each of its entries without E
 * </pre>
 * The wrapper's E record is the truth for an entry's exit code; E wins over X and K. A torn last line
 * (its writer was killed mid-write) is ignored.
 */
public record ResultFile(Map<Integer, Begin> begun, Map<Integer, End> ended, Map<Integer, Kill> killed,
                         Optional<Kill> taskKill) {

    public record Begin(int entry, double start, String host, long pid) {
    }

    /** An E record, with the CPU seconds of the C record before it (empty from wrappers older than it). */
    public record End(int entry, int exitCode, double end, OptionalDouble cpuSeconds) {
    }

    public record Kill(EntryState state, double time, String detail) {
    }

    public static ResultFile read(Path file) {
        return readFrom(file, 0);
    }

    /** A file without records. */
    static ResultFile empty() {
        return new ResultFile(Map.of(), Map.of(), Map.of(), Optional.empty());
    }

    /**
     * The records appended to {@code file} after its first {@code offset} bytes, whole lines only:
     * what a local worker wrote for the task it was given when its file was that long.
     */
    public static ResultFile readFrom(Path file, long offset) {
        try {
            return parse(AppendOnly.linesAfter(file, offset, Long.MAX_VALUE).text(), new HashMap<>());
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The records of {@code lines} (whole lines only: the caller cuts a torn last one off).
     * {@code pendingCpu} holds the C records still waiting for their E: what an earlier part of the
     * same file left, and what this part leaves for the next ({@link ResultCache} reads a growing
     * file part by part).
     */
    static ResultFile parse(String lines, Map<Integer, Double> pendingCpu) {
        Map<Integer, Begin> begun = new LinkedHashMap<>();
        Map<Integer, End> ended = new LinkedHashMap<>();
        Map<Integer, Kill> killed = new LinkedHashMap<>();
        Kill taskKill = null;
        Map<Integer, Double> cpu = pendingCpu;   // C records waiting for their E
        for (String line : lines.split("\n")) {
            String[] f = line.split(" ");
            try {
                switch (f[0]) {
                    case "B" -> {
                        int entry = Integer.parseInt(f[1]);
                        begun.put(entry, new Begin(entry, time(f[2]), f.length > 3 ? f[3] : "?",
                                f.length > 4 ? Long.parseLong(f[4]) : -1));
                    }
                    case "E" -> {
                        int entry = Integer.parseInt(f[1]);
                        Double seconds = cpu.remove(entry);
                        ended.put(entry, new End(entry, Integer.parseInt(f[2]), time(f[3]),
                                seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds)));
                    }
                    case "C" -> {
                        cpu.put(Integer.parseInt(f[1]), time(f[2]) + time(f[3]));
                    }
                    case "X" -> {
                        String[] x = line.split(" ", 5);
                        killed.put(Integer.parseInt(x[1]), new Kill(EntryState.valueOf(x[2]), time(x[3]), x.length > 4 ? x[4] : ""));
                    }
                    case "K" -> {
                        String[] k = line.split(" ", 4);
                        taskKill = new Kill(EntryState.valueOf(k[1]), time(k[2]), k.length > 3 ? k[3] : "");
                    }
                    default -> {
                        // unknown record kinds come from newer versions; skip them
                    }
                }
            } catch (RuntimeException malformed) {
                // a line we cannot read is no evidence of anything
            }
        }
        return new ResultFile(begun, ended, killed, Optional.ofNullable(taskKill));
    }

    /** This file's records followed by {@code later}'s, the records of what was appended since: later lines win. */
    ResultFile followedBy(ResultFile later) {
        Map<Integer, Begin> b = new LinkedHashMap<>(begun);
        b.putAll(later.begun);
        Map<Integer, End> e = new LinkedHashMap<>(ended);
        e.putAll(later.ended);
        Map<Integer, Kill> k = new LinkedHashMap<>(killed);
        k.putAll(later.killed);
        return new ResultFile(b, e, k, later.taskKill.isPresent() ? later.taskKill : taskKill);
    }

    /** This file's records without those of the entries {@code gone} names (a summarized task's entries). */
    ResultFile without(IntPredicate gone) {
        Map<Integer, Begin> b = new LinkedHashMap<>(begun);
        b.keySet().removeIf(gone::test);
        Map<Integer, End> e = new LinkedHashMap<>(ended);
        e.keySet().removeIf(gone::test);
        Map<Integer, Kill> k = new LinkedHashMap<>(killed);
        k.keySet().removeIf(gone::test);
        return new ResultFile(b, e, k, taskKill);
    }

    /** bash's EPOCHREALTIME and its time keyword use the locale's decimal separator. */
    private static double time(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }

    /** Appends a K record: task file {@code file}'s task was ended from outside for {@code state}. */
    public static void appendTaskKill(Path file, EntryState state, String detail) {
        append(file, "K " + state.name() + " " + now() + " " + oneLine(detail) + "\n");
    }

    /** Appends X records: these entries were ended from outside for {@code state}. */
    public static void appendEntryKills(Path file, Collection<Integer> entries, EntryState state, String detail) {
        StringBuilder sb = new StringBuilder();
        String tail = " " + state.name() + " " + now() + " " + oneLine(detail) + "\n";
        for (int e : entries) {
            sb.append("X ").append(e).append(tail);
        }
        append(file, sb.toString());
    }

    private static String now() {
        return Double.toString(System.currentTimeMillis() / 1000.0);
    }

    private static String oneLine(String detail) {
        return detail.replace('\n', ' ');
    }

    private static void append(Path file, String records) {
        AppendOnly.append(file, records);
    }
}
