package dev.scatter.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.model.Plan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands file read as the engine reads it now: one task through tasks.idx, or the entries asked for. */
class CommandsFileTest {

    @TempDir
    Path dir;

    /** Commands with what a shell or a reader could trip on: newlines, quotes, unicode, and one over the read buffer. */
    private static String commandOf(int entry) {
        return switch (entry % 5) {
            case 0 -> "echo 'a\nb' \"$(rm -rf /)\" " + entry;
            case 1 -> "printf %s 'ünïcödé ✓' " + entry;
            case 2 -> "echo " + "x".repeat(70_000) + " " + entry;   // longer than the 64 KB read buffer
            default -> "true " + entry;
        };
    }

    private AttemptDir written(Plan plan, List<Integer> later) throws Exception {
        AttemptDir attempt = new AttemptDir(dir.resolve("attempts/1"), 1);
        Files.createDirectories(attempt.root());
        CommandsFile.write(attempt, plan, CommandsFileTest::commandOf, later);
        return attempt;
    }

    @Test
    void aLookupGivesTheChosenEntriesCommandsInAnyOrderAndRefusesTheOthers() throws Exception {
        List<Integer> entries = new java.util.ArrayList<>();
        for (int e = 300; e >= 1; e--) {   // not in entry order, as a first wave's later entries leave a file
            entries.add(e);
        }
        AttemptDir attempt = written(new Plan(entries.subList(0, 280), 7), entries.subList(280, 300));
        try (CommandLookup lookup = CommandLookup.open(attempt, 300, e -> e % 3 != 0)) {
            for (int e = 1; e <= 300; e++) {   // the file's order backwards: a window per record
                if (e % 3 != 0) {
                    assertThat(lookup.apply(e)).as("entry %d", e).isEqualTo(commandOf(e));
                }
            }
            for (int e = 299; e >= 1; e -= 7) {   // and forwards
                if (e % 3 != 0) {
                    assertThat(lookup.apply(e)).as("entry %d", e).isEqualTo(commandOf(e));
                }
            }
            assertThatThrownBy(() -> lookup.apply(3)).hasMessageContaining("entry 3 has no record");
            assertThatThrownBy(() -> lookup.apply(301)).hasMessageContaining("entry 301 has no record");
        }
    }

    @Test
    void aTasksRecordsAreFoundThroughTheIndexInTheAttemptsOrder() throws Exception {
        Plan plan = new Plan(List.of(9, 3, 4, 5, 6, 7, 8, 1, 2), 4);
        AttemptDir attempt = written(plan, List.of(10, 11));
        for (int t = 0; t < plan.taskCount(); t++) {
            List<byte[]> records = CommandsFile.taskRecords(attempt, t);
            assertThat(records.stream().map(CommandsFile::entryOf).toList()).isEqualTo(plan.task(t));
            for (byte[] r : records) {
                int entry = CommandsFile.entryOf(r);
                assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo(entry + " " + commandOf(entry) + "\0");
            }
        }
    }

    @Test
    void readingSomeEntriesKeepsOnlyThoseIncludingRecordsAfterEveryTask() throws Exception {
        AttemptDir attempt = written(new Plan(IntStream.rangeClosed(1, 20).boxed().toList(), 3), List.of(21, 22, 23));
        try (CommandLookup some = CommandLookup.open(attempt, 23, e -> e % 7 == 0 || e == 22)) {
            for (int e = 1; e <= 23; e++) {
                int entry = e;
                if (List.of(7, 14, 21, 22).contains(entry)) {
                    assertThat(some.apply(entry)).isEqualTo(commandOf(entry));
                } else {
                    assertThatThrownBy(() -> some.apply(entry)).hasMessageContaining("entry " + entry + " has no record");
                }
            }
        }
        try (CommandLookup all = CommandLookup.open(attempt, 23, e -> true)) {
            for (int e = 1; e <= 23; e++) {
                assertThat(all.apply(e)).isEqualTo(commandOf(e));
            }
        }
    }
}
