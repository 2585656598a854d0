package dev.scatter.core.ledger;

import dev.scatter.core.io.AtomicFiles;
import dev.scatter.core.model.Plan;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

    /** Every record of an attempt: entry number to rendered command. */
    public static Map<Integer, String> read(AttemptDir attempt) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(attempt.commands());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + attempt.commands() + ": " + e.getMessage(), e);
        }
        Map<Integer, String> out = new HashMap<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                String rec = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                int space = rec.indexOf(' ');
                out.put(Integer.parseInt(rec.substring(0, space)), rec.substring(space + 1));
                start = i + 1;
            }
        }
        return out;
    }
}
