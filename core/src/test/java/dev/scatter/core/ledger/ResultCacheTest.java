package dev.scatter.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follower's look costs what changed: unchanged files are not read, settled ones not even looked at. */
class ResultCacheTest {

    @TempDir
    Path dir;

    private int attempts;

    private AttemptDir attempt(int tasks) throws IOException {
        int n = ++attempts;
        AttemptDir a = new AttemptDir(dir.resolve("attempts/" + n), n);
        Files.createDirectories(a.tasksDir());
        for (int t = 0; t < tasks; t++) {
            Files.writeString(a.results(t), "B " + (t + 1) + " 100.0 c1 7\n");
        }
        return a;
    }

    @Test
    void aChangedFileIsReadAgainAndAnUnchangedOneKeepsItsRecords() throws IOException {
        AttemptDir a = attempt(3);
        ResultCache cache = new ResultCache();
        assertThat(AttemptResults.read(a, cache).ended(2)).isEmpty();
        Files.writeString(a.results(1), "B 2 100.0 c1 7\nE 2 0 101.5\n");
        AttemptResults again = AttemptResults.read(a, cache);
        assertThat(again.ended(2)).map(ResultFile.End::exitCode).contains(0);
        assertThat(again.begun(1)).isPresent();
        assertThat(again.begun(3)).isPresent();
    }

    @Test
    void aGrowingFileReadPartByPartGivesWhatAWholeReadGives() throws IOException {
        AttemptDir a = attempt(1);
        Path file = a.results("w0-0");
        ResultCache cache = new ResultCache();
        // appended in pieces that cut records anywhere: a C record and its E in different looks, a
        // line torn mid-number, a multi-byte host name cut in two, a torn line spoiled by a kill
        String records = "B 1 100.5 nöde-ü 7\nC 1 1,250 0,125\nE 1 0 101.5\nB 2 102 nöde-ü 7\nC 2 0.5 0.25\nE 2 3 103\n"
                + "B 3 104 nöde-ü 7\nE 3 0 10";
        java.util.Random random = new java.util.Random(11);
        byte[] bytes = records.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file, new byte[0]);
        for (int at = 0; at < bytes.length; ) {
            int next = Math.min(bytes.length, at + 1 + random.nextInt(9));
            Files.write(file, java.util.Arrays.copyOfRange(bytes, at, next), java.nio.file.StandardOpenOption.APPEND);
            at = next;
            assertThat(cache.file(file)).as("after %d bytes", at).isEqualTo(ResultFile.read(file));
        }
        ResultFile.appendTaskKill(file, dev.scatter.core.model.EntryState.TIMEOUT, "time limit exceeded");
        ResultFile.appendEntryKills(file, java.util.List.of(4), dev.scatter.core.model.EntryState.LOST, "gone");

        ResultFile parts = cache.file(file);

        assertThat(parts).isEqualTo(ResultFile.read(file));
        assertThat(parts.ended()).containsOnlyKeys(1, 2);
        assertThat(parts.ended().get(1).cpuSeconds()).hasValue(1.375);
        assertThat(parts.begun().get(3).host()).isEqualTo("nöde-ü");
        assertThat(parts.taskKill()).isPresent();
        assertThat(parts.killed()).containsOnlyKeys(4);
    }

    @Test
    void aSettledTaskFileAndASettledAttemptAreNotLookedAtAgain() throws IOException {
        AttemptDir a = attempt(4);
        ResultCache cache = new ResultCache();
        AttemptResults.read(a, cache);
        long first = cache.stats();
        assertThat(first).as("one listing and a stat per file").isEqualTo(5);

        cache.settle(a, 0);
        cache.settle(a, 1);
        AttemptResults.read(a, cache);
        assertThat(cache.stats() - first).as("one listing and the two open files").isEqualTo(3);

        AttemptResults whole = AttemptResults.read(a, cache);
        cache.settle(a, whole);
        long before = cache.stats();
        assertThat(AttemptResults.read(a, cache)).isSameAs(whole);
        assertThat(cache.stats()).isEqualTo(before);
    }

    @Test
    void theLookIntervalKeepsAFollowerUnderItsShareOfTheMetadataServer() throws IOException {
        AttemptDir a = attempt(2_000);
        ResultCache cache = new ResultCache();
        cache.beginLook();
        AttemptResults.read(a, cache);
        // 2,001 calls at 500 a second: a look every 4 s
        assertThat(cache.lookInterval()).isBetween(Duration.ofMillis(3_900), Duration.ofMillis(4_100));

        ResultCache small = new ResultCache();
        small.beginLook();
        AttemptResults.read(attempt(3), small);
        assertThat(small.lookInterval()).isEqualTo(Duration.ofSeconds(1));
    }
}
