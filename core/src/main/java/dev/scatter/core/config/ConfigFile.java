package dev.scatter.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.scatter.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TOML config file (site, user or project): top-level keys, and keys under a backend's table
 * ({@code [slurm]}, {@code [pbs]}, {@code [local]}). Keys are the long option names of
 * {@code scatter run}; an unknown key or table is refused with its file and line.
 *
 * <p>Jackson's TOML module parses; it keeps no positions of keys, so the line a key is on is found
 * again in the text, for messages only ({@link #lineOf}).
 */
public record ConfigFile(Scope scope, Path path, Map<String, Setting> top, Map<String, Map<String, Setting>> tables) {

    /** Which layer a file is: later layers win. */
    public enum Scope {
        SITE, USER, PROJECT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final TomlMapper TOML = new TomlMapper();

    /** Reads {@code path}, refusing keys not in {@code keys} and tables not in {@code tableNames}. */
    public static ConfigFile read(Scope scope, Path path, Set<String> keys, Set<String> tableNames) {
        String text;
        JsonNode root;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new UsageException(path + (line > 0 ? " line " + line : "") + ": not valid TOML (" + e.getOriginalMessage()
                    + "): fix the file, or move it away to run without it");
        } catch (IOException e) {
            throw new UsageException("cannot read the config file " + path + ": " + e.getMessage());
        }
        Map<String, Setting> top = new LinkedHashMap<>();
        Map<String, Map<String, Setting>> tables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                if (!tableNames.contains(name)) {
                    throw unknown(path, lineOf(text, Optional.empty(), name), "table [" + name + "]", name, tableNames,
                            "tables are the backends: " + String.join(", ", tableNames.stream().sorted().map(t -> "[" + t + "]").toList()));
                }
                Map<String, Setting> table = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> inner : value.properties()) {
                    table.put(inner.getKey(), setting(scope, path, text, Optional.of(name), inner.getKey(), inner.getValue(), keys));
                }
                tables.put(name, table);
            } else {
                top.put(name, setting(scope, path, text, Optional.empty(), name, value, keys));
            }
        }
        return new ConfigFile(scope, path, top, tables);
    }

    private static Setting setting(Scope scope, Path path, String text, Optional<String> table, String key, JsonNode value,
            Set<String> keys) {
        int line = lineOf(text, table, key);
        if (!keys.contains(key)) {
            throw unknown(path, line, "key '" + table.map(t -> t + ".").orElse("") + key + "'", key, keys,
                    "keys are the long options of scatter run; scatter config lists them");
        }
        if (value.isObject()) {
            throw new UsageException(path + " line " + line + ": '" + key + "' is a table, not a value: write " + key + " = …");
        }
        return new Setting(key, value, scope, path, line, table);
    }

    private static UsageException unknown(Path path, int line, String what, String name, Collection<String> known, String hint) {
        String near = Suggestions.closest(name, known).map(s -> " (did you mean " + s + "?)").orElse("");
        return new UsageException(path + (line > 0 ? " line " + line : "") + ": unknown " + what + near + ": " + hint);
    }

    /**
     * The line {@code key} is set on under {@code table} (1-based), or 0 when it cannot be found
     * (e.g. an inline table). A dotted key {@code slurm.partition = …} at the top counts too.
     */
    static int lineOf(String text, Optional<String> table, String key) {
        Pattern keyLine = Pattern.compile("^\\s*[\"']?" + Pattern.quote(key) + "[\"']?\\s*=");
        Pattern dotted = table.map(t -> Pattern.compile("^\\s*" + Pattern.quote(t) + "\\s*\\.\\s*" + Pattern.quote(key) + "\\s*="))
                .orElse(null);
        Pattern header = Pattern.compile("^\\s*\\[\\s*([^\\]\\s]+)\\s*\\]");
        Pattern ownHeader = Pattern.compile("^\\s*\\[\\s*" + Pattern.quote(key) + "\\s*\\]");
        String current = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher h = header.matcher(l);
            if (h.find()) {
                if (table.isEmpty() && ownHeader.matcher(l).find()) {
                    return i + 1;
                }
                current = h.group(1);
                continue;
            }
            boolean inTable = table.isPresent() ? table.get().equals(current) : current == null;
            if (inTable && keyLine.matcher(l).find() || current == null && dotted != null && dotted.matcher(l).find()) {
                return i + 1;
            }
        }
        return 0;
    }
}
