package dev.scatter.core.gather;

import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskOutput;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes every succeeded entry's stdout in input order. Entries that did not succeed are not
 * written (a half-written output would corrupt the whole), and are returned as missing.
 */
public final class Gatherer {

    /** How far into an entry's output the CSV header line may end. */
    private static final int MAX_HEADER = 1 << 20;

    /** The entries left out that a result names, in input order: the rest are counted (a million cancelled). */
    public static final int NAMED = 20;

    /**
     * What gather left out, and the warnings it owes the user.
     *
     * @param missing      how many entries were left out
     * @param firstMissing the first {@link #NAMED} of them
     */
    public record Result(int gathered, int missing, List<EntryStatus> firstMissing, List<String> warnings) {
    }

    private Gatherer() {
    }

    /**
     * @param csvHeader when true, every entry prints a CSV with a header: keep the first entry's
     *                  header line and drop the same line from the others
     */
    public static Result gather(RunDir run, RunStatus status, OutputStream out, boolean csvHeader) {
        EntryOutputs outputs = new EntryOutputs(run);
        List<EntryStatus> firstMissing = new ArrayList<>();
        int missing = 0;
        List<String> warnings = new ArrayList<>();
        byte[] header = null;
        int gathered = 0;
        try {
            for (EntryStatus entry : status.entries()) {
                if (entry.state() != EntryState.SUCCEEDED) {
                    if (missing++ < NAMED) {
                        firstMissing.add(entry);
                    }
                    continue;
                }
                Optional<EntryOutputs.Location> loc = outputs.stdout(entry);
                gathered++;
                if (loc.isEmpty()) {
                    continue;   // it printed nothing and its task file is gone or empty
                }
                TaskOutput.Segment segment = loc.get().segment();
                if (csvHeader) {
                    byte[] head = TaskOutput.read(loc.get().file(),
                            new TaskOutput.Segment(segment.start(), Math.min(segment.end(), segment.start() + MAX_HEADER)));
                    int nl = indexOf(head, (byte) '\n');
                    byte[] line = nl < 0 ? head : Arrays.copyOf(head, nl + 1);
                    if (header == null) {
                        header = line;
                    } else if (Arrays.equals(line, header)) {
                        segment = new TaskOutput.Segment(segment.start() + line.length, segment.end());
                    } else if (warnings.isEmpty()) {
                        warnings.add("entry " + entry.entry() + " printed a first line unlike the header of the first"
                                + " entry gathered; kept it (check that every entry prints the same CSV header)");
                    }
                }
                TaskOutput.copy(loc.get().file(), segment, out);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(gathered, missing, firstMissing, warnings);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** One entry's output as bytes (for logs and tests). */
    public static byte[] entryOutput(RunDir run, EntryStatus entry, boolean stderr) {
        EntryOutputs outputs = new EntryOutputs(run);
        var loc = stderr ? outputs.stderr(entry) : outputs.stdout(entry);
        if (loc.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        TaskOutput.copy(loc.get().file(), loc.get().segment(), buffer);
        return buffer.toByteArray();
    }
}
