package dev.scatter.core.input;

import dev.scatter.core.UsageException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The input options of {@code scatter run}; exactly one kind per run.
 *
 * @param lines  {@code -i/--inputs FILE} ({@code -} for stdin)
 * @param csv    {@code --csv FILE}
 * @param glob   {@code --glob PATTERN}
 * @param range  {@code --range A..B[:STEP]}
 * @param params {@code --param NAME=v1,v2,...}, repeatable
 * @param colsep {@code --colsep SEP}, for line inputs only
 */
public record InputOptions(Optional<String> lines, Optional<String> csv, Optional<String> glob, Optional<String> range,
                           List<String> params, Optional<String> colsep) {

    public InputOptions {
        params = List.copyOf(params);
    }

    public Inputs load(Path workdir, InputStream stdin) {
        List<String> given = new ArrayList<>();
        lines.ifPresent(v -> given.add("--inputs"));
        csv.ifPresent(v -> given.add("--csv"));
        glob.ifPresent(v -> given.add("--glob"));
        range.ifPresent(v -> given.add("--range"));
        if (!params.isEmpty()) {
            given.add("--param");
        }
        if (given.isEmpty()) {
            throw new UsageException("no inputs given: add one of --inputs FILE, --csv FILE, --glob PATTERN,"
                    + " --range A..B or --param NAME=v1,v2");
        }
        if (given.size() > 1) {
            throw new UsageException("two kinds of inputs given (" + String.join(" and ", given)
                    + "): keep one per run (use several --param for a grid)");
        }
        if (colsep.isPresent() && lines.isEmpty()) {
            throw new UsageException("--colsep applies to --inputs only: drop it (CSV columns come from the header)");
        }
        if (lines.isPresent()) {
            return LinesInput.read(lines.get(), workdir, stdin, colsep);
        }
        if (csv.isPresent()) {
            return CsvInput.read(csv.get(), workdir, stdin);
        }
        if (glob.isPresent()) {
            return GlobInput.read(glob.get(), workdir);
        }
        if (range.isPresent()) {
            return RangeInput.read(range.get());
        }
        return GridInput.read(params);
    }

    /** Columns every entry has, or -1 when entries may differ (split lines). */
    public int columnCount(Inputs inputs) {
        if (!inputs.columnNames().isEmpty()) {
            return inputs.columnNames().size();
        }
        return colsep.isPresent() ? -1 : 1;
    }
}
