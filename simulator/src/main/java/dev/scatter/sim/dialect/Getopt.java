package dev.scatter.sim.dialect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small GNU {@code getopt_long} for the simulated tools: short options (clustered, value
 * attached or next), long options ({@code --x=v}, {@code --x v}, unique prefixes), and optional
 * stop at the first operand (sbatch and qsub stop there: the rest belongs to the script).
 */
public final class Getopt {

    /** An option: short letter (or 0), long name (or null), whether it takes a value. */
    public record Option(char shortName, String longName, boolean hasValue) {
        public String key() {
            return longName != null ? longName : String.valueOf(shortName);
        }
    }

    /** One option found on the command line, with its value (null without one). */
    public record Found(Option option, String value) {
        public String key() {
            return option.key();
        }
    }

    /** What went wrong, in the words GNU getopt uses. */
    public static final class Failure extends Exception {
        private final String kind;
        private final String detail;

        Failure(String kind, String detail) {
            super(kind + " " + detail, null, false, false);
            this.kind = kind;
            this.detail = detail;
        }

        /** {@code unrecognized}, {@code invalid}, {@code requires}, {@code ambiguous}, {@code noargument}. */
        public String kind() { return kind; }
        public String detail() { return detail; }

        /** The message line GNU getopt prints, prefixed by the program name. */
        public String message(String program) {
            return switch (kind) {
                case "unrecognized" -> program + ": unrecognized option '" + detail + "'";
                case "invalid" -> program + ": invalid option -- '" + detail + "'";
                case "requires-short" -> program + ": option requires an argument -- '" + detail + "'";
                case "requires" -> program + ": option '" + detail + "' requires an argument";
                case "noargument" -> program + ": option '" + detail + "' doesn't allow an argument";
                default -> program + ": option '" + detail + "' is ambiguous";
            };
        }
    }

    /** The parse: options in command-line order, then the operands. */
    public record Result(List<Found> options, List<String> operands) {
        public boolean has(String key) {
            return options.stream().anyMatch(f -> f.key().equals(key));
        }

        /** The last value given for {@code key}, or {@code null}. */
        public String last(String key) {
            String v = null;
            for (Found f : options) {
                if (f.key().equals(key)) {
                    v = f.value();
                }
            }
            return v;
        }

        public List<String> all(String key) {
            List<String> out = new ArrayList<>();
            for (Found f : options) {
                if (f.key().equals(key)) {
                    out.add(f.value());
                }
            }
            return out;
        }
    }

    private final Map<Character, Option> shorts = new LinkedHashMap<>();
    private final Map<String, Option> longs = new LinkedHashMap<>();
    private final boolean stopAtOperand;

    public Getopt(boolean stopAtOperand, Option... options) {
        this.stopAtOperand = stopAtOperand;
        for (Option o : options) {
            if (o.shortName() != 0) {
                shorts.put(o.shortName(), o);
            }
            if (o.longName() != null) {
                longs.put(o.longName(), o);
            }
        }
    }

    /** A POSIX optstring ({@code "a:bc:"}: a and c take values) plus long-only options. */
    public static Getopt posix(String optstring, boolean stopAtOperand, Option... longOnly) {
        List<Option> options = new ArrayList<>(List.of(longOnly));
        for (int i = 0; i < optstring.length(); i++) {
            char c = optstring.charAt(i);
            boolean value = i + 1 < optstring.length() && optstring.charAt(i + 1) == ':';
            options.add(new Option(c, null, value));
            if (value) {
                i++;
            }
        }
        return new Getopt(stopAtOperand, options.toArray(new Option[0]));
    }

    public static Option opt(char shortName, String longName, boolean hasValue) {
        return new Option(shortName, longName, hasValue);
    }

    public static Option longOpt(String longName, boolean hasValue) {
        return new Option((char) 0, longName, hasValue);
    }

    public Result parse(List<String> args) throws Failure {
        List<Found> found = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("--")) {
                String body = a.substring(2);
                int eq = body.indexOf('=');
                String name = eq >= 0 ? body.substring(0, eq) : body;
                Option o = longOption(name, a);
                if (o.hasValue()) {
                    String value;
                    if (eq >= 0) {
                        value = body.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new Failure("requires", "--" + o.longName());
                    }
                    found.add(new Found(o, value));
                } else {
                    if (eq >= 0) {
                        throw new Failure("noargument", "--" + o.longName());
                    }
                    found.add(new Found(o, null));
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    Option o = shorts.get(c);
                    if (o == null) {
                        throw new Failure("invalid", String.valueOf(c));
                    }
                    if (o.hasValue()) {
                        String value;
                        if (k + 1 < a.length()) {
                            value = a.substring(k + 1);
                        } else if (i + 1 < args.size()) {
                            value = args.get(++i);
                        } else {
                            throw new Failure("requires-short", String.valueOf(c));
                        }
                        found.add(new Found(o, value));
                        break;
                    }
                    found.add(new Found(o, null));
                }
            } else {
                if (stopAtOperand) {
                    operands.addAll(args.subList(i, args.size()));
                    break;
                }
                operands.add(a);
            }
        }
        return new Result(found, operands);
    }

    private Option longOption(String name, String original) throws Failure {
        Option exact = longs.get(name);
        if (exact != null) {
            return exact;
        }
        List<Option> candidates = new ArrayList<>();
        for (Map.Entry<String, Option> e : longs.entrySet()) {
            if (e.getKey().startsWith(name) && !name.isEmpty()) {
                candidates.add(e.getValue());
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new Failure("unrecognized", original);
        }
        throw new Failure("ambiguous", original);
    }
}
