package dev.scatter.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine;

/**
 * A command's man page in roff (man(7) macros), made from its picocli model, so that
 * {@code scatter man run | man -l -} renders it. Sections: NAME, SYNOPSIS, DESCRIPTION, ARGUMENTS,
 * OPTIONS, COMMANDS, then the footer's own sections ("Examples:", "Exit codes: ..."), and SEE ALSO.
 *
 * <p>The text is picocli's help text: {@code %n} and {@code %%} are expanded, {@code @|bold x|@}
 * markup becomes bold or italic. In prose, lines are filled (as man does); indented lines and lines
 * starting with {@code $ } are kept as they are, in a literal block (examples, tables); a blank line
 * starts a paragraph. Every hyphen is {@code \-} (so option names copy as typed), backslashes
 * {@code \e}, quotes {@code \(aq}, and a line never starts with a control character. Unicode passes
 * through: the page declares itself UTF-8.
 */
public final class RoffManPage {

    // Markup made by this class, kept apart from the text until the text is escaped.
    private static final char BOLD = '\u0001';
    private static final char ITALIC = '\u0002';
    private static final char ROMAN = '\u0003';

    private static final Pattern MARKUP = Pattern.compile("@\\|([\\w,()]+)\\s(.*?)\\|@", Pattern.DOTALL);
    private static final Pattern SECTION = Pattern.compile("([A-Z][A-Za-z0-9/()]*(?: [A-Za-z0-9/()]+){0,4}):(?:\\s+(.*))?");

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final int UNWRAPPED = 10_000;

    private final CommandSpec spec;
    private final StringBuilder out = new StringBuilder();

    private RoffManPage(CommandSpec spec) {
        this.spec = spec;
    }

    /** The page's name: {@code scatter}, {@code scatter-run}, {@code scatter-sim-start}. */
    public static String name(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** The man page of {@code spec}, dated {@code date}, with the root command's version. */
    public static String render(CommandSpec spec, LocalDate date) {
        return new RoffManPage(spec).page(date);
    }

    private String page(LocalDate date) {
        String name = name(spec);
        out.append(".\\\" -*- coding: UTF-8 -*-\n");
        out.append(".\\\" Made by scatter man from the command's own options; regenerate rather than edit.\n");
        macro("TH", name.toUpperCase(Locale.ROOT), "1", date.toString(), version(), spec.root().name() + " manual");
        out.append(".ad l\n.nh\n");

        List<String> description = lines(spec.usageMessage().description());
        List<String> header = lines(spec.usageMessage().header());
        String summary = firstNonBlank(header.isEmpty() ? description : header);
        section("NAME");
        text(escape(name) + " \\- " + escape(inline(summaryLine(summary))));

        section("SYNOPSIS");
        text(synopsis());

        List<String> body = header.isEmpty() ? rest(description, summary) : description;
        if (!isBlank(body)) {
            section("DESCRIPTION");
            blocks(body);
        }

        arguments();
        options();
        commands();
        footer();
        seeAlso();
        return out.toString();
    }

    private String version() {
        String root = spec.root().name();
        try {
            String[] v = spec.root().version();
            if (v != null && v.length > 0 && !v[0].isBlank()) {
                String first = v[0].strip();
                return first.startsWith(root + " ") ? first : root + " " + first;
            }
        } catch (RuntimeException e) {
            // a version provider that fails leaves the page without a version, not without a page
        }
        return root;
    }

    // ---- the sections

    private String synopsis() {
        String[] custom = spec.usageMessage().customSynopsis();
        if (custom != null && custom.length > 0) {
            return escape(inline(String.join(" ", lines(custom)).strip().replaceAll("\\s+", " ")));
        }
        Help.ColorScheme scheme = new Help.ColorScheme.Builder(Ansi.ON)
                .commands(style(BOLD)).options(style(BOLD)).parameters(style(ITALIC)).optionParams(style(ITALIC)).build();
        // picocli wraps the synopsis for a terminal (and, with styles, inside words): roff fills
        // it again, so picocli gets one long line, and the width is given back at once
        UsageMessageSpec usage = spec.usageMessage();
        int width = usage.width();
        String picocli;
        try {
            usage.width(UNWRAPPED);
            picocli = new Help(spec, scheme).synopsis(0);
        } finally {
            usage.width(width);
        }
        return escape(ANSI.matcher(picocli).replaceAll("").strip().replaceAll("\\s+", " "));
    }

    private void arguments() {
        List<PositionalParamSpec> shown = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (shown.isEmpty()) {
            return;
        }
        section("ARGUMENTS");
        for (PositionalParamSpec p : shown) {
            String label = ITALIC + p.paramLabel() + ROMAN + (p.arity().max() > 1 ? "..." : "");
            item(escape(label), describe(p.renderedDescription(), p.defaultValue(), p.showDefaultValue()));
        }
    }

    private void options() {
        List<OptionSpec> shown = new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
        if (shown.isEmpty() && !spec.usageMessage().showEndOfOptionsDelimiterInUsageHelp()) {
            return;
        }
        Comparator<OptionSpec> order = new Help(spec, Help.defaultColorScheme(Ansi.OFF)).createDefaultOptionSort();
        if (order != null) {
            shown.sort(order);
        }
        section("OPTIONS");
        for (OptionSpec o : shown) {
            StringBuilder term = new StringBuilder();
            for (String n : o.names()) {
                term.append(term.isEmpty() ? "" : ", ").append(BOLD).append(n).append(ROMAN);
            }
            if (o.arity().max() > 0) {
                String label = "=" + ITALIC + o.paramLabel() + ROMAN;
                term.append(o.arity().min() == 0 ? "[" + label + "]" : label);
            }
            String defaultValue = o.usageHelp() || o.versionHelp() ? null : o.defaultValue();
            item(escape(term.toString()), describe(o.renderedDescription(), defaultValue, o.showDefaultValue()));
        }
        if (spec.usageMessage().showEndOfOptionsDelimiterInUsageHelp()) {
            item(escape(BOLD + "--" + ROMAN),
                    List.of("This option can be used to separate command-line options from the list of positional parameters."));
        }
    }

    /** An option's or argument's description lines, and its default unless they already speak of it. */
    private static List<String> describe(String[] description, String defaultValue, Help.Visibility show) {
        List<String> lines = new ArrayList<>(lines(description));
        boolean said = lines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("default"));
        if (defaultValue != null && !defaultValue.isEmpty() && show != Help.Visibility.NEVER
                && (show == Help.Visibility.ALWAYS || !said)) {
            lines.add("Default: " + ITALIC + defaultValue + ROMAN + ".");
        }
        return lines;
    }

    private void commands() {
        Map<String, CommandLine> subs = visibleSubcommands(spec);
        if (subs.isEmpty()) {
            return;
        }
        section("COMMANDS");
        for (CommandLine sub : subs.values()) {
            UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
            List<String> header = lines(usage.header());
            String summary = firstNonBlank(header.isEmpty() ? lines(usage.description()) : header);
            List<String> names = new ArrayList<>();
            names.add(BOLD + sub.getCommandName() + ROMAN);
            Arrays.stream(sub.getCommandSpec().aliases()).map(a -> BOLD + a + ROMAN).forEach(names::add);
            item(escape(String.join(", ", names)), List.of(summaryLine(summary)));
        }
    }

    /**
     * The footer: "Examples:" or "Exit codes: 0 ..." at the start of a paragraph opens a section of
     * that name; text before any such heading goes under NOTES. picocli's exit code list, if set,
     * is EXIT STATUS.
     */
    private void footer() {
        UsageMessageSpec usage = spec.usageMessage();
        Map<String, String> exitCodes = usage.exitCodeList();
        if (exitCodes != null && !exitCodes.isEmpty()) {
            String heading = firstNonBlank(lines(new String[] {usage.exitCodeListHeading()}));
            section(heading.isBlank() ? "EXIT STATUS" : stripEnd(heading.strip(), ":").toUpperCase(Locale.ROOT));
            exitCodes.forEach((code, meaning) -> item(escape(BOLD + code.strip() + ROMAN), lines(new String[] {meaning})));
        }
        List<String> lines = new ArrayList<>(lines(new String[] {usage.footerHeading()}));
        lines.addAll(lines(usage.footer()));
        Map<String, List<String>> sections = new LinkedHashMap<>();
        String current = null;
        boolean paragraphStart = true;
        for (String line : lines) {
            Matcher m = SECTION.matcher(line);
            if (paragraphStart && m.matches()) {
                current = m.group(1).toUpperCase(Locale.ROOT);
                sections.computeIfAbsent(current, k -> new ArrayList<>());
                if (m.group(2) != null && !m.group(2).isBlank()) {
                    sections.get(current).add(m.group(2));
                }
            } else {
                sections.computeIfAbsent(current == null ? "NOTES" : current, k -> new ArrayList<>()).add(line);
            }
            paragraphStart = line.isBlank();
        }
        sections.forEach((title, body) -> {
            if (!isBlank(body)) {
                section(title);
                blocks(body);
            }
        });
    }

    /** scatter(1), the command's parents, its siblings and its own commands. */
    private void seeAlso() {
        List<String> pages = new ArrayList<>();
        for (CommandSpec p = spec.parent(); p != null; p = p.parent()) {
            pages.add(0, name(p));
        }
        if (spec.parent() != null) {
            visibleSubcommands(spec.parent()).values().stream().map(c -> name(c.getCommandSpec()))
                    .filter(n -> !n.equals(name(spec))).forEach(pages::add);
        }
        visibleSubcommands(spec).values().forEach(c -> pages.add(name(c.getCommandSpec())));
        if (pages.isEmpty()) {
            return;
        }
        section("SEE ALSO");
        for (int i = 0; i < pages.size(); i++) {
            macro("BR", pages.get(i), "(1)" + (i < pages.size() - 1 ? "," : ""));
        }
    }

    /** The command's subcommands by name, without aliases twice and without hidden ones. */
    static Map<String, CommandLine> visibleSubcommands(CommandSpec spec) {
        Map<String, CommandLine> visible = new LinkedHashMap<>();
        spec.subcommands().forEach((key, sub) -> {
            if (key.equals(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()) {
                visible.put(key, sub);
            }
        });
        return visible;
    }

    // ---- text

    /**
     * Help text as paragraphs: a blank line separates them, prose lines are filled, lines starting
     * with "- " or "* " are list items, and indented lines (or "$ ...") are kept verbatim.
     */
    private void blocks(List<String> lines) {
        boolean needBreak = false;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank()) {
                needBreak = true;
                i++;
            } else if (isLiteral(line)) {
                int end = i;
                while (end < lines.size() && (isLiteral(lines.get(end)) || blankInside(lines, end))) {
                    end++;
                }
                literal(lines.subList(i, end));
                needBreak = true;
                i = end;
            } else if (line.startsWith("- ") || line.startsWith("* ") || line.startsWith("\u2022 ")) {
                out.append(".IP \\(bu 2\n");
                text(escape(inline(line.substring(2))));
                needBreak = false;
                i++;
            } else {
                if (needBreak) {
                    out.append(".PP\n");
                    needBreak = false;
                }
                text(escape(inline(line)));
                i++;
            }
        }
    }

    private static boolean isLiteral(String line) {
        return !line.isBlank() && (Character.isWhitespace(line.charAt(0)) || line.startsWith("$ "));
    }

    /** A blank line between two literal lines belongs to the literal block. */
    private static boolean blankInside(List<String> lines, int i) {
        return lines.get(i).isBlank() && i + 1 < lines.size() && isLiteral(lines.get(i + 1));
    }

    private void literal(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        out.append(".PP\n.RS 4\n.nf\n");
        for (String l : lines) {
            String kept = l.isBlank() ? "" : l.substring(indent).stripTrailing();
            out.append(kept.isEmpty() ? "\\&" : guardStart(escape(inline(kept)))).append('\n');
        }
        out.append(".fi\n.RE\n");
    }

    /** {@code .TP} with its tag and body. */
    private void item(String tag, List<String> body) {
        out.append(".TP\n");
        text(tag);
        for (String line : body) {
            if (!line.isBlank()) {
                text(escape(inline(line)));
            }
        }
    }

    private void section(String title) {
        macro("SH", title);
    }

    private void macro(String name, String... args) {
        out.append('.').append(name);
        for (String a : args) {
            out.append(" \"").append(escape(a).replace("\"", "\\(dq")).append('"');
        }
        out.append('\n');
    }

    /** One line of filled text, already escaped. */
    private void text(String escaped) {
        String t = escaped.strip();
        if (!t.isEmpty()) {
            out.append(guardStart(t)).append('\n');
        }
    }

    /** A line starting with . or ' would be a request: {@code \&} makes it text. */
    private static String guardStart(String line) {
        return line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line;
    }

    /**
     * Text (with this class's font marks) as roff: backslash, hyphen, quotes escaped, then the font
     * marks turned into {@code \fB \fI \fR}.
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\e");
                case '-' -> b.append("\\-");
                case '\'' -> b.append("\\(aq");
                case '`' -> b.append("\\(ga");
                case BOLD -> b.append("\\fB");
                case ITALIC -> b.append("\\fI");
                case ROMAN -> b.append("\\fR");
                case '\t' -> b.append(' ');
                default -> {
                    if (c >= ' ' || c == '\n') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** picocli's {@code @|bold text|@} markup as this class's font marks; other styles are dropped. */
    private static String inline(String text) {
        Matcher m = MARKUP.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String styles = m.group(1).toLowerCase(Locale.ROOT);
            String font = styles.contains("bold") ? String.valueOf(BOLD)
                    : styles.contains("italic") || styles.contains("underline") ? String.valueOf(ITALIC) : "";
            m.appendReplacement(b, Matcher.quoteReplacement(font + m.group(2) + (font.isEmpty() ? "" : String.valueOf(ROMAN))));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** picocli's text lines, with {@code %n} and {@code %%} expanded: one entry per line. */
    private static List<String> lines(String[] texts) {
        List<String> lines = new ArrayList<>();
        if (texts == null) {
            return lines;
        }
        for (String t : texts) {
            if (t == null) {
                continue;
            }
            String expanded = t.replace(BOLD, ' ').replace(ITALIC, ' ').replace(ROMAN, ' ')
                    .replace("%%", "\u0000").replace("%n", "\n").replace('\u0000', '%');
            if (expanded.isEmpty()) {
                lines.add("");
                continue;
            }
            lines.addAll(Arrays.asList(expanded.split("\r?\n", -1)));
        }
        // picocli adds an empty line after a description for its own layout: not text
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String firstNonBlank(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }

    /**
     * The description without its first line (which is the NAME), unless that line is not a whole
     * sentence (then the DESCRIPTION repeats it rather than start mid-sentence) or nothing else is
     * left.
     */
    private static List<String> rest(List<String> description, String summary) {
        int first = 0;
        while (first < description.size() && description.get(first).isBlank()) {
            first++;
        }
        List<String> after = first + 1 < description.size() ? description.subList(first + 1, description.size()) : List.of();
        boolean sentence = summary.endsWith(".") || summary.endsWith("!") || summary.endsWith("?");
        return sentence && !isBlank(after) ? after : description;
    }

    /** A summary as NAME and COMMANDS show it: without the punctuation that ends or continues it. */
    private static String summaryLine(String summary) {
        return summary.strip().replaceAll("[.,;:]+$", "");
    }

    private static boolean isBlank(List<String> lines) {
        return lines.stream().allMatch(String::isBlank);
    }

    private static String stripEnd(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    private static Ansi.IStyle style(char on) {
        return new Ansi.IStyle() {
            @Override
            public String on() {
                return String.valueOf(on);
            }

            @Override
            public String off() {
                return String.valueOf(ROMAN);
            }
        };
    }
}
