package dev.scatter.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.EntryRanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cancelled file: a line per range cancelled, the one-entry lines of before still read, torn lines not. */
class CancelledEntriesTest {

    @TempDir
    Path dir;

    @Test
    void aCancelIsALinePerRangeAndEveryCancelAddsToWhatIsRead() throws IOException {
        AttemptDir a = new AttemptDir(dir.resolve("attempts/1"), 1);
        Files.createDirectories(a.root());
        assertThat(CancelledEntries.read(a)).isSameAs(EntryRanges.NONE);

        CancelledEntries.append(a, new EntryRanges.Builder().add(1, 1000).add(2001, 3000).add(5000, 5000).build());
        assertThat(Files.readAllLines(a.cancelled())).hasSize(3).allMatch(l -> l.matches("(\\d+|\\d+-\\d+) \\d+\\.\\d+"))
                .first().asString().startsWith("1-1000 ");

        Files.writeString(a.cancelled(), Files.readString(a.cancelled()) + "1500 1800000000.5\n"   // a line of an older scatter
                + "x-y 1800000000.5\n" + "9-3 1800000000.5\n" + "12", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);   // not ranges; torn
        assertThat(CancelledEntries.read(a).toString()).isEqualTo("1-1000,1500,2001-3000,5000");

        CancelledEntries.append(a, EntryRanges.of(List.of(1001, 6)));
        assertThat(CancelledEntries.read(a).toString()).isEqualTo("1-1001,1500,2001-3000,5000");
    }
}
