package dev.scatter.core.ledger;

import dev.scatter.core.io.AtomicFiles;
import dev.scatter.core.model.Plan;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An attempt's rendered commands ({@code commands}: "ENTRY COMMAND\0" records in the attempt's order)
 * and its task index ({@code tasks.idx}: per task one fixed-width line "OFFSET LENGTH", so a task on
 * a compute node finds its records with two {@code dd} reads, whatever the run's size).
 */
public final class CommandsFile {

    private CommandsFile() {
    }

    /**
     * Writes both files (each atomically) for {@code plan}, taking each entry's command from
     * {@code commandOf}; the records of {@code later} entries follow, outside every task's range.
     */
    public static void write(AttemptDir attempt, Plan plan, IntFunction<String> commandOf, java.util.List<Integer> later) {
        Path commandsTmp = AtomicFiles.temporaryFor(attempt.commands());
        Path indexTmp = AtomicFiles.temporaryFor(attempt.tasksIndex());
        try (OutputStream commands = new BufferedOutputStream(Files.newOutputStream(commandsTmp), 1 << 16);
             OutputStream index = new BufferedOutputStream(Files.newOutputStream(indexTmp), 1 << 16)) {
            long offset = 0;
            for (int t = 0; t < plan.taskCount(); t++) {
                long start = offset;
                for (int entry : plan.task(t)) {
                    byte[] record = record(entry, commandOf.apply(entry));
                    commands.write(record);
                    offset += record.length;
                }
                index.write(String.format("%012d %012d\n", start, offset - start).getBytes(StandardCharsets.US_ASCII));
            }
            for (int entry : later) {   // after every task's range: no task reads them
                commands.write(record(entry, commandOf.apply(entry)));
            }
        } catch (IOException e) {
            AtomicFiles.failed(indexTmp, attempt.tasksIndex(), e);
            throw AtomicFiles.failed(commandsTmp, attempt.commands(), e);
        }
        try {
            AtomicFiles.move(commandsTmp, attempt.commands());
            AtomicFiles.move(indexTmp, attempt.tasksIndex());
        } catch (IOException e) {
            AtomicFiles.failed(indexTmp, attempt.tasksIndex(), e);
            throw AtomicFiles.failed(commandsTmp, attempt.commands(), e);
        }
    }

    public static byte[] record(int entry, String command) {
        return (entry + " " + command + "\0").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One task's records, as the wrapper on a compute node finds them: its line of {@code tasks.idx}
     * gives where they are in {@code commands}. In the attempt's order, each "ENTRY COMMAND\0".
     */
    public static List<byte[]> taskRecords(AttemptDir attempt, int task) {
        try (FileChannel index = FileChannel.open(attempt.tasksIndex(), StandardOpenOption.READ);
             FileChannel commands = FileChannel.open(attempt.commands(), StandardOpenOption.READ)) {
            ByteBuffer line = ByteBuffer.allocate(AttemptDir.INDEX_LINE);
            readFully(index, line, (long) task * AttemptDir.INDEX_LINE, attempt.tasksIndex());
            String[] offsetAndLength = new String(line.array(), StandardCharsets.US_ASCII).trim().split(" ");
            long offset = Long.parseLong(offsetAndLength[0]);
            int length = Math.toIntExact(Long.parseLong(offsetAndLength[1]));
            ByteBuffer range = ByteBuffer.allocate(length);
            readFully(commands, range, offset, attempt.commands());
            byte[] bytes = range.array();
            List<byte[]> records = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    records.add(Arrays.copyOfRange(bytes, start, i + 1));
                    start = i + 1;
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read task " + task + " of " + attempt.commands() + ": " + e.getMessage(), e);
        }
    }

    /** The entry number a record (with or without its closing NUL) begins with. */
    public static int entryOf(byte[] record) {
        return entryOf(record, record.length);
    }

    private static int entryOf(byte[] record, int length) {
        int entry = 0;
        for (int i = 0; i < length && record[i] != ' '; i++) {
            entry = entry * 10 + (record[i] - '0');
        }
        return entry;
    }

    /** The command of the record that begins at {@code from} in {@code bytes} and ends (its NUL) at {@code end}. */
    static String commandOf(byte[] bytes, int from, int end) {
        int space = from;
        while (bytes[space] != ' ') {
            space++;
        }
        return new String(bytes, space + 1, end - space - 1, StandardCharsets.UTF_8);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position, Path file) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) < 0) {
                throw new IOException(file + " ends early (at byte " + (position + into.position()) + ")");
            }
        }
    }
}
