package dev.scatter.core.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds redirections in a shell-line command that every entry would send to the same file
 * ({@code > out.txt}): entries run in parallel and overwrite each other. Appends ({@code >>}) and
 * {@code /dev/*} are left alone.
 */
public final class SharedOutputCheck {

    private static final Pattern TRUNCATE = Pattern.compile("(?<![>&0-9])[0-9]?>(?![>&])\\s*([^\\s;|&<>()]+)");

    private SharedOutputCheck() {
    }

    /** One warning per fixed target, with the fix. */
    public static List<String> warnings(CommandTemplate template) {
        List<String> out = new ArrayList<>();
        if (!template.isShellLine()) {
            return out;
        }
        Matcher m = TRUNCATE.matcher(withoutQuotedParts(template.tokens().get(0)));
        while (m.find()) {
            String target = m.group(1);
            if (!target.contains("{") && !target.startsWith("/dev/") && !target.contains("$")) {
                out.add("every entry writes to " + target + " (> " + target + "): entries run in parallel and"
                        + " overwrite it; put the entry in the path, e.g. > " + suggestion(target));
            }
        }
        return out;
    }

    private static String suggestion(String target) {
        int dot = target.lastIndexOf('.');
        int slash = target.lastIndexOf('/');
        return dot > slash + 1 ? target.substring(0, dot) + "-{#}" + target.substring(dot) : target + "-{#}";
    }

    /** Blanks out single-quoted text (an awk program's {@code >} is not a redirection). */
    private static String withoutQuotedParts(String line) {
        return line.replaceAll("'[^']*'", "''");
    }
}
