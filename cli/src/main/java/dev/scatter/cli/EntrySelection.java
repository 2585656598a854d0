package dev.scatter.cli;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.IndexRanges;
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

    /** The entries named, or empty when none were. */
    Optional<Set<Integer>> chosen() {
        if (entries == null) {
            return Optional.empty();
        }
        Set<Integer> out = new TreeSet<>(IndexRanges.tryParse(entries.strip()).orElseThrow(() -> new UsageException(
                "--entries '" + entries + "' is not a list of entry numbers: write e.g. 17, 20-25 or 3,17,20-25"
                        + " (states go in --state)")));
        return Optional.of(out);
    }
}
