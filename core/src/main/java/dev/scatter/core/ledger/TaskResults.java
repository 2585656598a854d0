package dev.scatter.core.ledger;

import dev.scatter.core.status.EntryState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A task's result records ({@code T.res}), appended line by line:
 * <pre>
 * B ENTRY START HOST PID     the wrapper began the entry (START: epoch seconds, maybe fractional)
 * E ENTRY EXIT END           the entry's command ended with exit status EXIT
 * K STATE TIME DETAIL…       the task was ended from outside (TIMEOUT, OUT_OF_MEMORY, CANCELLED, LOST…);
 *                            it applies to every entry of the task without an E record
 * </pre>
 * The wrapper's E record is the truth for an entry's exit code. A torn last line (the writer was
 * killed mid-write) is ignored.
 */
public record TaskResults(Map<Integer, Begin> begun, Map<Integer, End> ended, Optional<Kill> kill) {

    public record Begin(int entry, double start, String host, long pid) {
    }

    public record End(int entry, int exitCode, double end) {
    }

    public record Kill(EntryState state, double time, String detail) {
    }

    public static TaskResults read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new TaskResults(Map.of(), Map.of(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, Begin> begun = new LinkedHashMap<>();
        Map<Integer, End> ended = new LinkedHashMap<>();
        Kill kill = null;
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
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
                        ended.put(entry, new End(entry, Integer.parseInt(f[2]), time(f[3])));
                    }
                    case "K" -> {
                        String[] k = line.split(" ", 4);
                        kill = new Kill(EntryState.valueOf(k[1]), time(k[2]), k.length > 3 ? k[3] : "");
                    }
                    default -> {
                        // unknown record kinds come from newer versions; skip them
                    }
                }
            } catch (RuntimeException malformed) {
                // a line we cannot read is no evidence of anything
            }
        }
        return new TaskResults(begun, ended, Optional.ofNullable(kill));
    }

    /** True when a writer was killed mid-line: the next record must start on a line of its own. */
    private static boolean endsInsideLine(Path file) {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                return false;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) != '\n';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** bash's EPOCHREALTIME uses the locale's decimal separator. */
    private static double time(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }

    /** Appends a K record: the task was ended from outside for {@code state}. */
    public static void appendKill(Path file, EntryState state, String detail) {
        // after a torn line, "!" spoils its last number so it is never read as a record
        String line = (endsInsideLine(file) ? "!\n" : "") + "K " + state.name() + " " + (System.currentTimeMillis() / 1000.0) + " "
                + detail.replace('\n', ' ') + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }
}
