package dev.scatter.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.TaskSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A settled task's summary: what it keeps, what it gives back, and what it never lets through. */
class TaskSummariesTest {

    @TempDir
    Path dir;

    /** An attempt of entries 1..6 in tasks of 3. */
    private AttemptDir attempt() throws IOException {
        AttemptDir a = new AttemptDir(dir.resolve("attempts/2"), 2);
        Files.createDirectories(a.tasksDir());
        a.writeSpec(new AttemptSpec(2, Instant.EPOCH, "retry", Resources.defaults(), new Plan(List.of(1, 2, 3, 4, 5, 6), 3)));
        return a;
    }

    private static EntryStatus ok(int entry, double start, String stem, String host) {
        return new EntryStatus(entry, 2, 0, stem, EntryState.SUCCEEDED, OptionalInt.of(0), OptionalDouble.of(start),
                OptionalDouble.of(start + 1), host, "", OptionalDouble.of(0.5));
    }

    @Test
    void aSummaryKeepsEveryEntryThatIsNotAPlainSuccessInFullAndGivesBackTheRestAsSucceeded() throws IOException {
        AttemptDir a = attempt();
        EntryStatus failed = new EntryStatus(2, 2, 0, "0", EntryState.FAILED, OptionalInt.of(3), OptionalDouble.of(11),
                OptionalDouble.of(12.25), "nöde-ü", "exit 3 «quoted \"$(x)\"»\nsecond line", OptionalDouble.of(1.125));
        EntryStatus elsewhere = ok(3, 13, "w1-4", "other");   // resumed into another worker's file
        TaskSummary s = TaskSummary.of(2, 0, List.of(ok(1, 10, "0", "nöde-ü"), failed, elsewhere));

        assertThat(s.stem()).isEqualTo("0");
        assertThat(s.host()).isEqualTo("nöde-ü");
        assertThat(s.firstStart()).as("the span of the summarized entries").isEqualTo(10);
        assertThat(s.lastEnd()).isEqualTo(11);
        assertThat(s.summarized()).isEqualTo(1);
        assertThat(s.runtimes().count()).isEqualTo(1);
        assertThat(s.runtimes().max()).isEqualTo(1);
        assertThat(s.cpuSeconds()).hasValue(0.5);
        assertThat(s.others()).containsExactly(failed, elsewhere);
        assertThat(s.of(1)).satisfies(e -> {
            assertThat(e.state()).isEqualTo(EntryState.SUCCEEDED);
            assertThat(e.exitCode()).hasValue(0);
            assertThat(e.stem()).isEqualTo("0");
            assertThat(e.attempt()).isEqualTo(2);
        });

        TaskSummaries.append(a, List.of(s));
        assertThat(TaskSummaries.read(a)).containsOnlyKeys(0);
        assertThat(TaskSummaries.read(a).get(0)).isEqualTo(s);

        TaskSummary second = TaskSummary.of(2, 1, List.of(ok(4, 20, "1", "h"), ok(5, 21, "1", "h"), ok(6, 22, "1", "h")));
        TaskSummaries.append(a, List.of(second));
        assertThat(TaskSummaries.read(a)).containsOnlyKeys(0, 1);
        assertThat(second.others()).isEmpty();
    }

    @Test
    void linesThatAreNotThisAttemptsSummariesAreIgnoredNotBelieved() throws IOException {
        AttemptDir a = attempt();
        TaskSummaries.append(a, List.of(TaskSummary.of(2, 1, List.of(ok(4, 1, "1", "h"), ok(5, 2, "1", "h"),
                ok(6, 3, "1", "h")))));
        String good = Files.readString(TaskSummaries.file(a));
        String asTask0 = good.replace("\"task\":1", "\"task\":0");
        Files.writeString(TaskSummaries.file(a), good
                + asTask0.replace("\"v\":2", "\"v\":3")   // a newer scatter's
                + asTask0.replace("\"v\":2", "\"v\":1")   // an older one's: its span was the whole task's
                + asTask0.replace("\"entries\":3", "\"entries\":2")   // not 3 entries
                + good.replace("\"task\":1", "\"task\":7")   // no such task
                + asTask0.replace("\"n\":3", "\"n\":4")   // its bins do not hold its run times
                + asTask0.substring(0, asTask0.indexOf("\"host\"")));   // torn
        assertThat(TaskSummaries.read(a)).containsOnlyKeys(1);
    }

    @Test
    void aLedgerThatCannotBeWrittenKeepsWhatItHasAndTheReaderGoesOn() throws IOException {
        AttemptDir a = attempt();
        Files.createDirectories(TaskSummaries.file(a));   // no file can be appended to: as on a read-only ledger
        TaskSummaries.append(a, List.of(TaskSummary.of(2, 1, List.of(ok(4, 1, "1", "h"), ok(5, 2, "1", "h"),
                ok(6, 3, "1", "h")))));
        assertThat(Files.isDirectory(TaskSummaries.file(a))).isTrue();
        assertThat(TaskSummaries.read(a)).as("nothing to read: the records are read instead").isEmpty();
    }
}
