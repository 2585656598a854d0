package dev.scatter.core.ledger;

import dev.scatter.core.io.AppendOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** An attempt's {@code cancelled} file: the entries the user cancelled, "ENTRY EPOCH" per line, append-only. */
public final class CancelledEntries {

    private CancelledEntries() {
    }

    public static Set<Integer> read(AttemptDir attempt) {
        Set<Integer> out = new HashSet<>();
        try {
            String text = Files.readString(attempt.cancelled(), StandardCharsets.UTF_8);
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                try {
                    out.add(Integer.parseInt(line.split(" ")[0]));
                } catch (NumberFormatException torn) {
                    // skip
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static void append(AttemptDir attempt, Collection<Integer> entries) {
        StringBuilder sb = new StringBuilder();
        String now = Double.toString(System.currentTimeMillis() / 1000.0);
        entries.forEach(e -> sb.append(e).append(' ').append(now).append('\n'));
        AppendOnly.append(attempt.cancelled(), sb.toString());
    }
}
