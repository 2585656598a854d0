package dev.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.config.Setting;
import dev.scatter.core.io.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Each setting a config file may hold, its effective value for a backend, and where that value
 * came from: the command line, a file (path, line, table), or scatter's built-in default. Printed
 * by {@code scatter config} and {@code scatter run --dry-run}.
 */
final class EffectiveSettings {

    /** Where a value came from. */
    enum Source { COMMAND_LINE, FILE, BUILT_IN }

    /** One key: its value as a flag would take it ({@code -} for none) and its source. */
    record Line(String key, String value, Source source, Optional<Setting> setting) {

        String origin() {
            return switch (source) {
                case COMMAND_LINE -> "command line";
                case FILE -> setting.orElseThrow().scope().label() + ": " + setting.orElseThrow().origin();
                case BUILT_IN -> "built-in";
            };
        }

        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("key", key);
            if (value.equals("-")) {
                o.putNull("value");
            } else {
                o.put("value", value);
            }
            o.put("source", source.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            setting.ifPresent(s -> {
                o.put("scope", s.scope().label());
                o.put("file", s.file().toString());
                o.put("line", s.line());
                s.table().ifPresentOrElse(t -> o.put("table", t), () -> o.putNull("table"));
            });
            return o;
        }
    }

    private EffectiveSettings() {
    }

    /**
     * The settings of {@code run} (its spec, with the config files as its default provider) for
     * {@code backend}; {@code parsed} is the command line when there is one (a run), empty for
     * {@code scatter config}.
     */
    static List<Line> of(CommandSpec run, Optional<ParseResult> parsed, ConfigDefaults defaults, String backend) {
        List<Line> lines = new ArrayList<>();
        for (String key : ConfigDefaults.KEYS) {
            OptionSpec option = run.findOption("--" + key);
            if (parsed.isPresent() && parsed.get().hasMatchedOption(option)) {
                lines.add(new Line(key, text(option.getValue()), Source.COMMAND_LINE, Optional.empty()));
                continue;
            }
            Optional<Setting> s = defaults.config().find(key, backend);
            if (s.isPresent()) {
                JsonNode v = s.get().value();
                lines.add(new Line(key, v.isValueNode() ? v.asText() : v.toString(), Source.FILE, s));
            } else {
                boolean flag = option.type() == boolean.class || option.type() == Boolean.class;
                String builtIn = Optional.ofNullable(option.defaultValue()).orElse(flag ? "false" : "-");
                lines.add(new Line(key, builtIn, Source.BUILT_IN, Optional.empty()));
            }
        }
        return lines;
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> c) {
            return String.join(" ", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
