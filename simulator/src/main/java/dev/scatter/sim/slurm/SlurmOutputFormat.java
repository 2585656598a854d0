package dev.scatter.sim.slurm;

import dev.scatter.sim.SimConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * squeue's output formats: {@code -o '%.18i %T'} (letters, {@code .} = right-justify, a number =
 * width that pads and cuts, trap 10) and {@code -O 'JobID:8,State:|'} (names; 20 characters
 * unless a size or a suffix is given).
 */
final class SlurmOutputFormat {

    /** The default table ({@code squeue}) and the long one ({@code squeue -l}). */
    static final String DEFAULT = "%.18i %.9P %.8j %.8u %.2t %.10M %.6D %R";
    static final String LONG = "%.18i %.9P %.8j %.8u %.8T %.10M %.9l %.6D %R";

    /** A literal piece of text, or one field. */
    private record Item(String literal, char letter, int width, boolean right, String suffix) {
    }

    /** One field: its {@code -o} letter, its header, and its {@code -O} name (matched ignoring case). */
    private record Field(char letter, String header, String name) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field('i', "JOBID", "jobarrayid"), new Field('A', "JOBID", "jobid"),
            new Field('F', "ARRAY_JOB_ID", "arrayjobid"), new Field('K', "ARRAY_TASK_ID", "arraytaskid"),
            new Field('j', "NAME", "name"), new Field('T', "STATE", "state"),
            new Field('t', "ST", "statecompact"), new Field('r', "REASON", "reason"),
            new Field('R', "NODELIST(REASON)", "reasonlist"), new Field('M', "TIME", "timeused"),
            new Field('l', "TIME_LIMIT", "timelimit"), new Field('L', "TIME_LEFT", "timeleft"),
            new Field('C', "CPUS", "numcpus"), new Field('c', "MIN_CPUS", "mincpus"),
            new Field('m', "MIN_MEMORY", "minmemory"), new Field('D', "NODES", "numnodes"),
            new Field('S', "START_TIME", "starttime"), new Field('e', "END_TIME", "endtime"),
            new Field('V', "SUBMIT_TIME", "submittime"), new Field('P', "PARTITION", "partition"),
            new Field('u', "USER", "username"), new Field('U', "UID", "userid"),
            new Field('a', "ACCOUNT", "account"), new Field('N', "NODELIST", "nodelist"),
            new Field('Z', "WORK_DIR", "workdir"), new Field('o', "COMMAND", "command"),
            new Field('q', "QOS", "qos"), new Field('Q', "PRIORITY", "priority"),
            new Field('E', "DEPENDENCY", "dependency"), new Field('y', "NICE", "nice"),
            new Field('B', "EXEC_HOST", "batchhost"));

    private static final Map<Character, String> HEADERS = FIELDS.stream()
            .collect(Collectors.toUnmodifiableMap(Field::letter, Field::header));
    private static final Map<String, Character> LONG_NAMES = FIELDS.stream()
            .collect(Collectors.toUnmodifiableMap(Field::name, Field::letter));

    private final List<Item> items;
    /** The first invalid -O field name, if any: squeue reports it and prints the fields before it. */
    private final String invalidField;

    private SlurmOutputFormat(List<Item> items, String invalidField) {
        this.items = items;
        this.invalidField = invalidField;
    }

    String invalidField() {
        return invalidField;
    }

    /** Parses an {@code -o} format. */
    static SlurmOutputFormat ofLetters(String format) {
        List<Item> items = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                literal.append(c);
                continue;
            }
            if (format.charAt(i + 1) == '%') {
                literal.append('%');
                i++;
                continue;
            }
            int j = i + 1;
            boolean right = false;
            if (format.charAt(j) == '.') {
                right = true;
                j++;
            }
            int start = j;
            while (j < format.length() && Character.isDigit(format.charAt(j))) {
                j++;
            }
            if (j >= format.length()) {
                literal.append(format, i, j);
                break;
            }
            int width = j > start ? Integer.parseInt(format.substring(start, j)) : 0;
            if (literal.length() > 0) {
                items.add(new Item(literal.toString(), (char) 0, 0, false, ""));
                literal.setLength(0);
            }
            items.add(new Item(null, format.charAt(j), width, right, ""));
            i = j;
        }
        if (literal.length() > 0) {
            items.add(new Item(literal.toString(), (char) 0, 0, false, ""));
        }
        return new SlurmOutputFormat(items, null);
    }

    /** Parses an {@code -O} format: {@code name[:[.][size][suffix]]}, comma-separated. */
    static SlurmOutputFormat ofNames(String format) {
        List<Item> items = new ArrayList<>();
        for (String spec : format.split(",")) {
            String name = spec;
            int width = 20;
            boolean right = false;
            String suffix = "";
            int colon = spec.indexOf(':');
            if (colon >= 0) {
                name = spec.substring(0, colon);
                String rest = spec.substring(colon + 1);
                int k = 0;
                if (rest.startsWith(".")) {
                    right = true;
                    k = 1;
                }
                int start = k;
                while (k < rest.length() && Character.isDigit(rest.charAt(k))) {
                    k++;
                }
                width = k > start ? Integer.parseInt(rest.substring(start, k)) : 0;
                suffix = rest.substring(k);
            }
            Character letter = LONG_NAMES.get(name.toLowerCase(Locale.ROOT));
            if (letter == null) {
                return new SlurmOutputFormat(items, name);
            }
            items.add(new Item(null, letter, width, right, suffix));
        }
        return new SlurmOutputFormat(items, null);
    }

    String header() {
        return render(letter -> HEADERS.getOrDefault(letter, ""));
    }

    String line(SlurmRecord r, Instant now, SimConfig config) {
        return render(letter -> value(letter, r, now, config));
    }

    /** Headers and lines are laid out alike: literals as they are, each field fitted to its width. */
    private String render(Function<Character, String> text) {
        StringBuilder sb = new StringBuilder();
        for (Item it : items) {
            if (it.literal() != null) {
                sb.append(it.literal());
            } else {
                sb.append(fit(text.apply(it.letter()), it.width(), it.right())).append(it.suffix());
            }
        }
        return sb.toString();
    }

    /** Pads to {@code width} and cuts what is longer (trap 10); width 0 prints the value as it is. */
    static String fit(String value, int width, boolean right) {
        if (width <= 0) {
            return value;
        }
        if (value.length() >= width) {
            return value.substring(0, width);
        }
        String pad = " ".repeat(width - value.length());
        return right ? pad + value : value + pad;
    }

    static String value(char letter, SlurmRecord r, Instant now, SimConfig config) {
        SlurmJobInfo info = r.info();
        return switch (letter) {
            case 'i' -> r.jobId(false);
            case 'A' -> Long.toString(r.rawId());
            case 'F' -> r.arrayJobId();
            case 'K' -> r.arrayTaskId();
            case 'j' -> info.name;
            case 'T' -> r.state(config);
            case 't' -> SlurmStates.COMPACT.getOrDefault(r.state(config), "??");
            case 'r' -> r.reason(config);
            case 'R' -> reasonList(r, config);
            case 'M' -> SlurmTime.clock(r.elapsed(now));
            case 'l' -> SlurmTime.clock(r.job().request().timeLimit());
            case 'L' -> timeLeft(r, now);
            case 'C' -> Integer.toString(r.job().request().cpus() * r.job().request().nodes());
            case 'c' -> Integer.toString(r.job().request().cpus());
            case 'm' -> SlurmMemory.format(info.memPerNodeMb != null ? info.memPerNodeMb : info.memPerCpuMb);
            case 'D' -> Integer.toString(r.job().request().nodes());
            case 'S' -> r.start() == null ? "N/A" : SlurmTime.stamp(r.start(), config.zone());
            case 'e' -> r.end() == null ? "N/A" : SlurmTime.stamp(r.end(), config.zone());
            case 'V' -> SlurmTime.stamp(r.job().submitTime(), config.zone());
            case 'P' -> info.partition;
            case 'u' -> r.job().user();
            case 'U' -> Integer.toString(config.uid());
            case 'a' -> info.account;
            case 'N', 'B' -> r.nodeList();
            case 'Z' -> info.workDir.toString();
            case 'o' -> info.command == null ? "(null)" : info.command.toString();
            case 'q' -> info.qos;
            case 'Q' -> Long.toString(r.priority());
            case 'E' -> info.dependencyText;
            case 'y' -> "0";
            default -> "";
        };
    }

    /**
     * %R: the reason in parentheses while pending or when it failed or timed out, else the node
     * list, which is empty for a remainder that never ran (trap 17).
     */
    private static String reasonList(SlurmRecord r, SimConfig config) {
        String state = r.state(config);
        if (state.equals("PENDING") || state.equals("FAILED") || state.equals("TIMEOUT") || state.equals("OUT_OF_MEMORY")) {
            return "(" + r.reason(config) + ")";
        }
        return r.nodeList();
    }

    private static String timeLeft(SlurmRecord r, Instant now) {
        Duration limit = r.job().request().timeLimit();
        if (limit == null) {
            return "UNLIMITED";
        }
        if (!r.isPending() && !r.isRunning()) {
            return "0:00";
        }
        Duration left = limit.minus(r.elapsed(now));
        return SlurmTime.clock(left.isNegative() ? Duration.ZERO : left);
    }
}
