package dev.scatter.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.Entry;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.IndexRanges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerFormatsTest {

    @TempDir
    Path dir;

    @Test
    void someEntriesAreReadFromTheEntriesFileByNumberWithTheirColumns() {
        Path file = dir.resolve("entries.jsonl");
        EntriesFile.write(file, List.of(Entry.single(1, "a b"), Entry.ofColumns(2, List.of("x", "ü \"q\"")),
                Entry.single(3, "line\nbreak"), Entry.single(4, "$(rm -rf /)")));
        Map<Integer, Entry> some = EntriesFile.read(file, n -> n == 2 || n == 3);
        assertThat(some).containsOnlyKeys(2, 3);
        assertThat(some.get(2).columns()).containsExactly("x", "ü \"q\"");
        assertThat(some.get(3).text()).isEqualTo("line\nbreak");
        assertThat(EntriesFile.read(file)).extracting(Entry::text).containsExactly("a b", "x ü \"q\"", "line\nbreak", "$(rm -rf /)");
    }

    @Test
    void entryRangesRoundTrip() {
        List<Integer> entries = List.of(1, 2, 3, 7, 9, 10);
        assertThat(IndexRanges.format(entries)).isEqualTo("1-3,7,9-10");
        assertThat(IndexRanges.parse("1-3,7,9-10")).isEqualTo(entries);
        assertThat(IndexRanges.parse("")).isEmpty();
    }

    @Test
    void taskOutputSplitsEntriesExactlyIncludingMissingFinalNewlines() throws IOException {
        String t = "0123abcd";
        String file = "\036" + t + " B 1\nline one\n" + "\n\036" + t + " E 1\n"
                + "\036" + t + " B 2\nno newline" + "\n\036" + t + " E 2\n"
                + "\036" + t + " B 3\n" + "\n\036" + t + " E 3\n"
                + "\036" + t + " B 4\nkilled halfway";
        Path out = dir.resolve("0.out");
        Files.writeString(out, file);
        Map<Integer, TaskOutput.Segment> index = TaskOutput.index(out, t);
        assertThat(text(out, index.get(1))).isEqualTo("line one\n");
        assertThat(text(out, index.get(2))).isEqualTo("no newline");
        assertThat(text(out, index.get(3))).isEmpty();
        assertThat(text(out, index.get(4))).isEqualTo("killed halfway");
    }

    @Test
    void taskOutputIgnoresMarkersOfAnotherToken() throws IOException {
        Path out = dir.resolve("0.out");
        Files.writeString(out, "\036aaaa B 1\nfake \036bbbb E 1\nstill one\n\n\036aaaa E 1\n");
        assertThat(text(out, TaskOutput.index(out, "aaaa").get(1))).isEqualTo("fake \036bbbb E 1\nstill one\n");
    }

    @Test
    void theLastOccurrenceOfAResumedEntryWins() throws IOException {
        Path out = dir.resolve("0.out");
        Files.writeString(out, "\036t B 1\nfirst try, killed\036t B 1\nsecond\n\036t E 1\n");
        assertThat(text(out, TaskOutput.index(out, "t").get(1))).isEqualTo("second");
    }

    @Test
    void resultRecordsIgnoreATornLastLineAndKillRecordsStartOnTheirOwnLine() throws IOException {
        Path res = dir.resolve("0.res");
        Files.writeString(res, "B 1 1700000000.5 node1 42\nE 1 0 1700000001,25\nB 2 1700000002 node1 42\nE 2 3 17");
        ResultFile.appendTaskKill(res, EntryState.TIMEOUT, "time limit 00:01:00 exceeded");
        ResultFile.appendEntryKills(res, java.util.List.of(3, 4), EntryState.LOST, "gone");
        ResultFile r = ResultFile.read(res);
        assertThat(r.ended()).containsOnlyKeys(1);
        assertThat(r.ended().get(1).end()).isEqualTo(1700000001.25);
        assertThat(r.begun().get(2).host()).isEqualTo("node1");
        assertThat(r.killed()).containsOnlyKeys(3, 4);
        assertThat(r.killed().get(4).state()).isEqualTo(EntryState.LOST);
        assertThat(r.taskKill()).hasValueSatisfying(k -> {
            assertThat(k.state()).isEqualTo(EntryState.TIMEOUT);
            assertThat(k.detail()).isEqualTo("time limit 00:01:00 exceeded");
        });
    }

    @Test
    void anEndRecordCarriesTheCpuTimeOfTheCRecordBeforeItInAnyLocale() throws IOException {
        Path res = dir.resolve("w0-0.res");
        // entry 1 from a wrapper in a German locale; entry 2 from a wrapper older than C records;
        // entry 3 ran twice in this file (a resume): its last C goes with its last E
        Files.writeString(res, "B 1 1700000000.5 n 1\nC 1 1,250 0,125\nE 1 0 1700000002,5\nB 2 1700000003 n 1\nE 2 0 1700000004\n"
                + "B 3 1700000005 n 1\nC 3 9.000 1.000\nB 3 1700000006 n 2\nC 3 0.500 0.000\nE 3 1 1700000007\n");

        ResultFile r = ResultFile.read(res);

        assertThat(r.ended().get(1).cpuSeconds()).hasValue(1.375);
        assertThat(r.ended().get(2).cpuSeconds()).isEmpty();
        assertThat(r.ended().get(3).cpuSeconds()).hasValue(0.5);
    }

    private static String text(Path file, TaskOutput.Segment s) {
        return new String(TaskOutput.read(file, s), StandardCharsets.UTF_8);
    }
}
