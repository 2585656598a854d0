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
