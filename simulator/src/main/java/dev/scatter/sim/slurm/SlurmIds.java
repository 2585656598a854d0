package dev.scatter.sim.slurm;

import dev.scatter.core.model.IndexRanges;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job references as SLURM's tools take them: {@code 21} (a job, an array, or a started task's
 * own id), {@code 21_3} (one task) and {@code 21_[5-6]} (several tasks).
 */
final class SlurmIds {

    private static final Pattern REF = Pattern.compile("(\\d+)(?:_(\\d+|\\[([0-9,:%-]+)\\]))?");

    /** A parsed reference: the job, and the task indices ({@code null} = the whole job). */
    record Ref(long id, List<Integer> indices) {
    }

    private SlurmIds() {
    }

    /** Parses one reference; {@code null} if malformed. */
    static Ref parse(String text) {
        Matcher m = REF.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long id;
        try {
            id = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (m.group(2) == null) {
            return new Ref(id, null);
        }
        if (m.group(3) == null) {
            return new Ref(id, List.of(Integer.parseInt(m.group(2))));
        }
        String list = m.group(3);
        int pct = list.indexOf('%');
        List<Integer> indices = IndexRanges.tryParse(pct >= 0 ? list.substring(0, pct) : list).orElse(null);
        return indices == null ? null : new Ref(id, indices);
    }

    /**
     * The tasks a reference names. A bare number is the job with that id, or else the started
     * task whose own id it is. Unknown references resolve to nothing.
     */
    static List<SimTask> resolve(Ref ref, List<SimJob> jobs) {
        List<SimTask> out = new ArrayList<>();
        for (SimJob j : jobs) {
            if (j.id() == ref.id()) {
                if (ref.indices() == null) {
                    out.addAll(j.tasks());
                } else if (j.isArray()) {
                    for (int i : ref.indices()) {
                        SimTask t = j.task(i);
                        if (t != null) {
                            out.add(t);
                        }
                    }
                }
                return out;
            }
        }
        if (ref.indices() == null) {
            for (SimJob j : jobs) {
                for (SimTask t : j.tasks()) {
                    if (t.wasStarted() && t.ownId() == ref.id() && j.isArray()) {
                        out.add(t);
                        return out;
                    }
                }
            }
        }
        return out;
    }

    /** Whether a reference names the whole job (not single tasks). */
    static boolean wholeJob(Ref ref, List<SimJob> jobs) {
        return ref.indices() == null && jobs.stream().anyMatch(j -> j.id() == ref.id());
    }
}
