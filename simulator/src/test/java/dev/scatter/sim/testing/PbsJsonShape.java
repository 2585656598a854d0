package dev.scatter.sim.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares qstat -F json documents: the same jobs, each with the same attributes in the same
 * order and with the same JSON types; values equal except those that record when something
 * happened, how much it used, or a process id.
 */
public final class PbsJsonShape {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values that depend on when the job ran, on its pid, or on what the kernel measured. */
    private static final Set<String> VOLATILE = Set.of("timestamp", "ctime", "mtime", "qtime", "stime", "etime",
            "obittime", "history_timestamp", "session_id", "resources_used", "PBS_O_PATH");
    /** Present only after MoM's first poll: whether a short job has one depends on timing. */
    private static final Set<String> OPTIONAL = Set.of("session_id");

    private PbsJsonShape() {
    }

    /** {@code text} replaces paths and dates in string values before they are compared. */
    public static void assertSameShape(String expected, String actual, UnaryOperator<String> text) {
        try {
            compare(JSON.readTree(expected), JSON.readTree(actual), "$", text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage() + "\n" + actual, e);
        }
    }

    private static void compare(JsonNode e, JsonNode a, String path, UnaryOperator<String> text) {
        assertThat(a.getNodeType()).as("type of " + path).isEqualTo(e.getNodeType());
        if (e.isObject()) {
            assertThat(keys(a)).as("attributes of " + path).isEqualTo(keys(e));
            for (String k : keys(e)) {
                if (!VOLATILE.contains(k)) {
                    compare(e.get(k), a.get(k), path + "." + k, text);
                } else {
                    assertThat(a.get(k).getNodeType()).as("type of " + path + "." + k).isEqualTo(e.get(k).getNodeType());
                }
            }
        } else if (e.isTextual()) {
            assertThat(text.apply(a.asText())).as(path).isEqualTo(text.apply(e.asText()));
        } else {
            assertThat(a).as(path).isEqualTo(e);
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!OPTIONAL.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
