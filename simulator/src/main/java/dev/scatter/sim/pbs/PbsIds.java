package dev.scatter.sim.pbs;

import dev.scatter.core.model.IndexRanges;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PBS job identifiers: {@code 12}, {@code 12.pbshost}, {@code 9[]}, {@code 9[0].pbshost},
 * {@code 9[6-7].pbshost}. A missing server part means this server.
 */
final class PbsIds {

    private static final Pattern ID = Pattern.compile("(\\d+)(\\[([0-9,-]*)\\])?(\\.([A-Za-z0-9_.-]+))?");

    /**
     * @param id       the sequence number
     * @param array    the id had brackets
     * @param indices  the indices inside the brackets, or null for {@code []} / no brackets
     * @param server   the server part, or null
     */
    record Ref(long id, boolean array, List<Integer> indices, String server) {
        /** The id as messages print it: normalized to carry the server name. */
        String display(String defaultServer) {
            return id + (array ? "[" + (indices == null ? "" : IndexRanges.format(indices)) + "]" : "")
                    + "." + (server != null ? server : defaultServer);
        }
    }

    private PbsIds() {
    }

    /** Parses an id; {@code null} if it is malformed ({@code qdel: illegally formed job identifier}). */
    static Ref parse(String text) {
        Matcher m = ID.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long id = Long.parseLong(m.group(1));
        boolean array = m.group(2) != null;
        List<Integer> indices = null;
        if (array && !m.group(3).isEmpty()) {
            indices = IndexRanges.tryParse(m.group(3)).orElse(null);
            if (indices == null) {
                return null;
            }
        }
        return new Ref(id, array, indices, m.group(5));
    }
}
