package dev.scatter.sim.pbs;

import dev.scatter.core.model.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** qsub's {@code -l} language: sizes, walltimes, and OpenPBS's select/place resources. */
final class PbsResources {

    private static final Pattern SIZE = Pattern.compile("([0-9]+)(b|kb|mb|gb|tb|w|kw|mw|gw|tw)?", Pattern.CASE_INSENSITIVE);
    private static final Set<String> TOP_LEVEL = Set.of("select", "walltime", "ncpus", "mem", "place", "vmem", "cput",
            "software", "host", "arch", "nodes", "pmem", "pvmem", "ngpus", "mpiprocs", "ompthreads", "file", "preempt_targets");
    private static final Set<String> CHUNK = Set.of("ncpus", "mem", "ompthreads", "mpiprocs", "host", "vnode", "ngpus",
            "arch", "vmem", "accelerator", "naccelerators");

    /** An error qsub reports: its message and exit status (166 bad value, 187 unknown resource). */
    record Problem(String message, int exitCode) {
    }

    private PbsResources() {
    }

    /** KB for {@code 100mb}, {@code 2gb}, {@code 512}; {@code null} for {@code 1.5gb} and other garbage. */
    static Long sizeKb(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit.charAt(0)) {
            case 'k' -> n;
            case 'm' -> n * 1024;
            case 'g' -> n * 1024 * 1024;
            case 't' -> n * 1024 * 1024 * 1024;
            default -> unit.equals("w") ? (n * 8 + 1023) / 1024 : (n + 1023) / 1024;
        };
    }

    /** {@code [[HH:]MM:]SS}; {@code null} for {@code 1h} and other garbage (qsub_err_walltime_syntax). */
    static Duration walltime(String text) {
        OptionalLong seconds = Durations.clockSeconds(text);
        return seconds.isPresent() ? Duration.ofSeconds(seconds.getAsLong()) : null;
    }

    /** Applies one {@code -l} value to the job; a problem if PBS would refuse it. */
    static Problem apply(String list, PbsJobInfo info, boolean[] explicitSelect) {
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            String name = eq >= 0 ? item.substring(0, eq) : item;
            String value = eq >= 0 ? item.substring(eq + 1) : "";
            if (!TOP_LEVEL.contains(name)) {
                return new Problem("qsub: Unknown resource Resource_List." + name, 187);
            }
            switch (name) {
                case "select" -> {
                    Problem p = select(value, info);
                    if (p != null) {
                        return p;
                    }
                    explicitSelect[0] = true;
                }
                case "walltime" -> {
                    Duration d = walltime(value);
                    if (d == null) {
                        return new Problem("qsub: Illegal attribute or resource value Resource_List.walltime", 166);
                    }
                    info.walltime = d;
                }
                case "ncpus" -> {
                    if (!value.matches("[0-9]+")) {
                        return new Problem("qsub: Illegal attribute or resource value Resource_List.ncpus", 166);
                    }
                    info.ncpus = Integer.parseInt(value);
                }
                case "mem" -> {
                    Long kb = sizeKb(value);
                    if (kb == null) {
                        return new Problem("qsub: Illegal attribute or resource value Resource_List.mem", 166);
                    }
                    info.memText = value;
                    info.memKb = kb;
                }
                case "place" -> info.place = value;
                default -> { }
            }
        }
        return null;
    }

    /** {@code select=N:ncpus=X:mem=Y:ompthreads=Z}. */
    private static Problem select(String value, PbsJobInfo info) {
        String[] parts = value.split(":");
        int start = 0;
        if (parts.length > 0 && parts[0].matches("[0-9]+")) {
            start = 1;
        }
        for (int i = start; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String name = eq >= 0 ? parts[i].substring(0, eq) : parts[i];
            String v = eq >= 0 ? parts[i].substring(eq + 1) : "";
            if (!CHUNK.contains(name)) {
                return new Problem("qsub: Unknown resource Resource_List." + name, 187);
            }
            switch (name) {
                case "ncpus" -> {
                    if (!v.matches("[0-9]+")) {
                        return new Problem("qsub: Illegal attribute or resource value select.ncpus", 166);
                    }
                    info.ncpus = Integer.parseInt(v);
                }
                case "mem" -> {
                    Long kb = sizeKb(v);
                    if (kb == null) {
                        return new Problem("qsub: Illegal attribute or resource value select.mem", 166);
                    }
                    info.memText = v;
                    info.memKb = kb;
                }
                case "ompthreads" -> {
                    if (!v.matches("[0-9]+")) {
                        return new Problem("qsub: Illegal attribute or resource value select.ompthreads", 166);
                    }
                    info.ompthreads = Integer.parseInt(v);
                }
                default -> { }
            }
        }
        info.select = value;
        return null;
    }
}
