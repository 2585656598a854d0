package dev.scatter.core.ledger;

import dev.scatter.core.io.AppendOnly;
import dev.scatter.core.model.EntryRanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * An attempt's {@code cancelled} file: the entries the user cancelled, append-only, a line per range
 * of entries cancelled at once: {@code FIRST-LAST EPOCH}, or {@code ENTRY EPOCH} for one (the only
 * form before ranges, still read). Cancelling a million entries writes a line per run of them, not
 * a line per entry.
 */
public final class CancelledEntries {

    private CancelledEntries() {
    }

    public static EntryRanges read(AttemptDir attempt) {
        EntryRanges.Builder out = new EntryRanges.Builder();
        try {
            String text = Files.readString(attempt.cancelled(), StandardCharsets.UTF_8);
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                String range = line.split(" ")[0];
                int dash = range.indexOf('-');
                try {
                    int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                    int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
                    if (first >= 1 && first <= last) {
                        out.add(first, last);
                    }
                } catch (NumberFormatException torn) {
                    // skip
                }
            }
        } catch (NoSuchFileException e) {
            return EntryRanges.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.build();
    }

    public static void append(AttemptDir attempt, EntryRanges entries) {
        StringBuilder sb = new StringBuilder();
        String now = String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0);   // when: for a reader, not read
        entries.forEachRange((first, last) -> sb.append(first).append(first == last ? "" : "-" + last).append(' ').append(now)
                .append('\n'));
        AppendOnly.append(attempt.cancelled(), sb.toString());
    }
}
