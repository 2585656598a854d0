package dev.scatter.core.template;

import dev.scatter.core.UsageException;
import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.model.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's command with GNU parallel's placeholders, rendered once per entry into a bash command
 * line in which every substituted value is one shell-quoted word.
 *
 * <p>Two shapes, as {@code xargs} and {@code env} draw the line: a single argument is a shell command
 * line (pipes and redirects work; values are quoted where they are substituted), several arguments
 * are kept exactly as the user's shell split them (each token, after substitution, becomes one
 * quoted word). A command without any placeholder gets {@code {}} appended (one word per column
 * for rows and grid points).
 *
 * <p>Placeholders: {@code {}} entry, {@code {.}} without extension, {@code {/}} basename,
 * {@code {//}} dirname, {@code {/.}} basename without extension, {@code {#}} entry number,
 * {@code {1}}… columns, {@code {name}} named columns; a column may carry a modifier too
 * ({@code {1/}}, {@code {path.}}). {@code ${name}} is the shell's and is left alone; so is
 * {@code {word}} when the inputs have no named columns (awk's {@code {print}}).
 */
public final class CommandTemplate {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{(#|[0-9]+|[A-Za-z_][A-Za-z0-9_]*)?(//|/\\.|/|\\.)?\\}");

    private final List<String> tokens;
    private final boolean shellLine;
    private final List<List<Part>> parts;
    private final boolean appended;
    private final String appendedPlaceholders;

    private CommandTemplate(List<String> tokens, boolean shellLine, List<List<Part>> parts, String appendedPlaceholders) {
        this.tokens = tokens;
        this.shellLine = shellLine;
        this.parts = parts;
        this.appended = !appendedPlaceholders.isEmpty();
        this.appendedPlaceholders = appendedPlaceholders;
    }

    /**
     * @param argv        the command after {@code --}
     * @param columnNames named columns of the inputs (may be empty)
     * @param columnCount columns every entry has (the largest {@code {N}} allowed), or -1 when entries vary
     */
    public static CommandTemplate parse(List<String> argv, List<String> columnNames, int columnCount) {
        if (argv.isEmpty() || argv.stream().allMatch(String::isBlank)) {
            throw new UsageException("no command given: put it after --, e.g. scatter run --inputs files.txt -- wc -l {}");
        }
        boolean shellLine = argv.size() == 1;
        List<List<Part>> parsed = new ArrayList<>();
        boolean any = false;
        for (String token : argv) {
            List<Part> tokenParts = parseToken(token, columnNames, columnCount, shellLine);
            any |= tokenParts.stream().anyMatch(p -> p.ref != null);
            parsed.add(tokenParts);
        }
        List<String> tokens = new ArrayList<>(argv);
        String appended = "";
        if (!any) {
            // as GNU parallel: no placeholder means "append the entry"
            if (columnCount > 1 || !columnNames.isEmpty()) {
                int n = columnCount > 0 ? columnCount : columnNames.size();
                for (int c = 1; c <= n; c++) {
                    tokens.add("{" + c + "}");
                    parsed.add(List.of(new Part(null, String.valueOf(c), "")));
                }
            } else {
                tokens.add("{}");
                parsed.add(List.of(new Part(null, "", "")));
            }
            appended = String.join(" ", tokens.subList(argv.size(), tokens.size()));
            if (shellLine) {
                // the line and its appended words form one shell line
                List<Part> joined = new ArrayList<>(parsed.get(0));
                for (int i = 1; i < parsed.size(); i++) {
                    joined.add(new Part(" ", null, null));
                    joined.addAll(parsed.get(i));
                }
                return new CommandTemplate(List.of(String.join(" ", tokens)), true, List.of(joined), appended);
            }
        }
        return new CommandTemplate(List.copyOf(tokens), shellLine, List.copyOf(parsed), appended);
    }

    private static List<Part> parseToken(String token, List<String> names, int columnCount, boolean shellLine) {
        List<Part> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(token);
        int last = 0;
        while (m.find()) {
            String ref = m.group(1) == null ? "" : m.group(1);
            String modifier = m.group(2) == null ? "" : m.group(2);
            boolean shellParameter = shellLine && m.start() > 0 && token.charAt(m.start() - 1) == '$';
            boolean isName = !ref.isEmpty() && !ref.equals("#") && !Character.isDigit(ref.charAt(0));
            if (shellParameter || (isName && names.isEmpty())) {
                continue;   // ${HOME}, awk's {print}: not ours
            }
            if (ref.equals("#") && !modifier.isEmpty()) {
                throw new UsageException("unknown placeholder {" + ref + modifier + "}: {#} is the entry number and takes no modifier");
            }
            if (isName && !names.contains(ref)) {
                throw new UsageException("unknown placeholder {" + ref + modifier + "}: the inputs have the columns "
                        + String.join(", ", names.stream().filter(n -> !n.isEmpty()).toList()) + "; use one of those");
            }
            if (!ref.isEmpty() && Character.isDigit(ref.charAt(0))) {
                int column = parseColumn(ref);
                int max = columnCount > 0 ? columnCount : names.size();
                if (column < 1 || (max > 0 && column > max)) {
                    throw new UsageException("unknown placeholder {" + ref + modifier + "}: the inputs have "
                            + max + " column" + (max == 1 ? "" : "s") + ", so use {1}" + (max > 1 ? " to {" + max + "}" : ""));
                }
            }
            if (m.start() > last) {
                out.add(new Part(token.substring(last, m.start()), null, null));
            }
            out.add(new Part(null, ref, modifier));
            last = m.end();
        }
        if (last < token.length()) {
            out.add(new Part(token.substring(last), null, null));
        }
        return out;
    }

    private static int parseColumn(String ref) {
        try {
            return Integer.parseInt(ref);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The bash command line for one entry. */
    public String render(Entry entry, List<String> columnNames) {
        StringBuilder line = new StringBuilder();
        for (int t = 0; t < parts.size(); t++) {
            if (shellLine) {
                for (Part p : parts.get(t)) {
                    line.append(p.literal != null ? p.literal : ShellQuote.quote(value(p, entry, columnNames)));
                }
            } else {
                StringBuilder word = new StringBuilder();
                for (Part p : parts.get(t)) {
                    word.append(p.literal != null ? p.literal : value(p, entry, columnNames));
                }
                if (t > 0) {
                    line.append(' ');
                }
                line.append(ShellQuote.quote(word.toString()));
            }
        }
        return line.toString();
    }

    private static String value(Part p, Entry entry, List<String> columnNames) {
        String raw;
        if (p.ref.isEmpty()) {
            raw = entry.text();
        } else if (p.ref.equals("#")) {
            raw = Integer.toString(entry.number());
        } else if (Character.isDigit(p.ref.charAt(0))) {
            int c = Integer.parseInt(p.ref);
            if (c > entry.columns().size()) {
                throw new UsageException("entry " + entry.number() + " has " + entry.columns().size()
                        + " column(s) but the command uses {" + p.ref + "}: check --colsep and that entry");
            }
            raw = entry.columns().get(c - 1);
        } else {
            raw = entry.columns().get(columnNames.indexOf(p.ref));
        }
        return PathParts.apply(raw, p.modifier);
    }

    /** The command as the user wrote it (plus the implicit {@code {}}), for the spec and dry-run. */
    public List<String> tokens() {
        return tokens;
    }

    public boolean isShellLine() {
        return shellLine;
    }

    /** True when no placeholder was given and the entry was appended. */
    public boolean entryAppended() {
        return appended;
    }

    /** The placeholders appended for want of any ({@code {}}, or {@code {1} {2}} for rows), if any were. */
    public Optional<String> appendedPlaceholders() {
        return appended ? Optional.of(appendedPlaceholders) : Optional.empty();
    }

    /**
     * True when some placeholder takes column {@code column} (1-based) named {@code name}: {@code {name}}
     * or {@code {column}} with any modifier, the whole entry ({@code {}}, {@code {.}}, …), or the
     * columns appended for want of any placeholder. {@code {#}} takes none.
     */
    public boolean usesColumn(int column, String name) {
        if (appended) {
            return true;
        }
        return parts.stream().flatMap(List::stream).map(Part::ref).filter(r -> r != null)
                .anyMatch(r -> r.isEmpty() || r.equals(name) || Character.isDigit(r.charAt(0)) && parseColumn(r) == column);
    }

    /** A literal piece of a token, or a placeholder reference with its modifier. */
    private record Part(String literal, String ref, String modifier) {
    }
}
