package dev.scatter.core.grid;

import java.util.Optional;

/**
 * One scheduler option as a (flag, value) pair, rendered either as a script header line
 * ({@code #SBATCH --mem=4G}) or as a command-line word ({@code --mem=4G}). A directive without a
 * value is a bare flag; a {@linkplain #verbatim verbatim} one is the user's own text.
 */
public record Directive(String flag, Optional<String> value, boolean verbatim) {

    public static Directive of(String flag, String value) {
        return new Directive(flag, Optional.of(value), false);
    }

    public static Directive flag(String flag) {
        return new Directive(flag, Optional.empty(), false);
    }

    /** A user's option passed through exactly as written ({@code --sched-opt}). */
    public static Directive verbatim(String text) {
        return new Directive(text, Optional.empty(), true);
    }

    /** One word of a command line: {@code --flag=value} (argv needs no quoting). */
    public String word() {
        return value.map(v -> flag + "=" + v).orElse(flag);
    }

    /**
     * A header line: {@code PREFIX --flag=value}. Schedulers split directive lines into words
     * like a shell, so a value with blanks or quotes is double-quoted.
     */
    public String line(String prefix) {
        return line(prefix, "=");
    }

    /** A header line with {@code separator} between flag and value: {@code #PBS -l walltime=1:00:00} takes a blank. */
    public String line(String prefix, String separator) {
        if (verbatim) {
            return prefix + " " + flag;
        }
        return prefix + " " + value.map(v -> flag + separator + headerQuote(v)).orElse(flag);
    }

    private static String headerQuote(String v) {
        if (v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '#')) {
            return v;
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
