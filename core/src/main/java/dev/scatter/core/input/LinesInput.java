package dev.scatter.core.input;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.Entry;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code -i/--inputs FILE}: one entry per line; empty lines are skipped and counted; CRLF is accepted. */
public final class LinesInput {

    private LinesInput() {
    }

    /**
     * @param colsep when present, each line is split on this literal separator into columns
     *               {@code {1}}, {@code {2}}… ({@code \t} means a tab)
     */
    public static Inputs read(String file, Path workdir, InputStream stdin, Optional<String> colsep) {
        String text = InputReader.read(file, workdir, stdin, "--inputs");
        Optional<String> sep = colsep.map(s -> s.replace("\\t", "\t"));
        if (sep.isPresent() && sep.get().isEmpty()) {
            throw new UsageException("--colsep is empty: give the separator, e.g. --colsep ',' or --colsep '\\t'");
        }
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        // a final newline ends the last line; it does not start an empty one
        int count = text.endsWith("\n") || text.isEmpty() ? lines.length - 1 : lines.length;
        int skipped = 0;
        for (int i = 0; i < count; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty()) {
                skipped++;
                continue;
            }
            InputReader.rejectNul(line, "--inputs " + file + " line " + (i + 1));
            int number = entries.size() + 1;
            entries.add(sep.isPresent()
                    ? new Entry(number, line, List.of(line.split(Pattern.quote(sep.get()), -1)))
                    : Entry.single(number, line));
        }
        if (entries.isEmpty()) {
            throw new UsageException("--inputs " + file + " has no entries"
                    + (skipped > 0 ? " (only " + skipped + " empty lines)" : "") + ": give a file with one entry per line");
        }
        return new Inputs(entries, List.of(), skipped, "inputs " + file);
    }
}
