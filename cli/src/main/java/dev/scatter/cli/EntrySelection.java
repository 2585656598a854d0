package dev.scatter.cli;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.IndexRanges;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * {@code -e/--entries LIST}: entries by number, the same way in every command that takes some
 * ({@code cancel}, {@code retry}, {@code logs}); the run is always the positional {@code RUN}.
 */
class EntrySelection {

    @Option(names = {"-e", "--entries"}, paramLabel = "LIST", description = "Entries by number: 17, 20-25 or 3,17,20-25.")
    String entries;

    /**
     * The entries named, or empty when none were; a number beyond the run's {@code count} entries
     * is refused before any range is expanded ({@code 1-2147483647} would take minutes).
     */
    Optional<Set<Integer>> chosen(int count) {
        if (entries == null) {
            return Optional.empty();
        }
        try {
            List<Integer> listed = IndexRanges.parse(entries.strip(), count);
            if (listed.isEmpty()) {
                throw new IllegalArgumentException("blank");
            }
            if (listed.get(0) < 1) {   // listed in ascending order
                throw new UsageException("--entries '" + entries + "': entries are numbered from 1 (scatter status --json lists them)");
            }
            return Optional.of(new TreeSet<>(listed));
        } catch (IndexRanges.BeyondException e) {
            throw new UsageException("entry " + e.number() + " is not in this run: it has entries 1 to " + count);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--entries '" + entries + "' is not a list of entry numbers: write e.g. 17, 20-25"
                    + " or 3,17,20-25 (states go in --state)");
        }
    }
}
