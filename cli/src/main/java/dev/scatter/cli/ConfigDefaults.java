package dev.scatter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatter.core.UsageException;
import dev.scatter.core.config.Config;
import dev.scatter.core.config.ConfigLocations;
import dev.scatter.core.config.Setting;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.TimeLimit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code scatter run}'s defaults from the config files (site, user, project): picocli asks this
 * for every option the command line did not give, so a flag always wins, and a value from a file
 * is converted exactly as the flag would be. Each value is checked here first, so a bad one is
 * refused with its file, line and key, before anything is planned.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    /** The options of {@code scatter run} a config file may set: how to run, not what. */
    static final List<String> KEYS = List.of("backend", "partition", "account", "cpus-per-task", "mem", "time", "gpus",
            "max-running", "sched-opt", "chunk", "task-time", "retries", "escalate", "thread-guard", "keep-tmp", "wait",
            "remote");

    private final Path workdir;
    private final Map<String, String> env;
    private Config config;

    ConfigDefaults(Path workdir, Map<String, String> env) {
        this.workdir = workdir;
        this.env = env;
    }

    /** The files, read once, on first use (commands other than run never read them). */
    Config config() {
        if (config == null) {
            config = Config.load(ConfigLocations.of(workdir, env), new LinkedHashSet<>(KEYS));
        }
        return config;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.isMultiValue()) {
            return null; // sched-opt is a list: RunCommand takes it with schedulerOptions()
        }
        String key = key(option);
        if (!KEYS.contains(key)) {
            return null;
        }
        // no lambda over an OptionSpec: it would keep picocli out of the start-up cache (CliSetup.Failures)
        Optional<Setting> setting = config().find(key, backend(option.command()));
        return setting.isPresent() ? text(setting.get(), option) : null;
    }

    /** {@code sched-opt} from the files, for the backend the run goes to: a TOML array of strings, or one string. */
    List<String> schedulerOptions(CommandSpec run) {
        Optional<Setting> s = config().find("sched-opt", backend(run));
        if (s.isEmpty()) {
            return List.of();
        }
        JsonNode v = s.get().value();
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw refused(s.get(), "must be a list of strings, e.g. sched-opt = [\"--qos=long\"]");
                }
                out.add(e.asText());
            }
        } else {
            throw refused(s.get(), "must be a list of strings, e.g. sched-opt = [\"--qos=long\"]");
        }
        return out;
    }

    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    /**
     * The backend whose table applies: {@code --backend} as given, else the files' {@code backend},
     * else {@code auto}, which is what auto would pick on this machine.
     */
    String backend(CommandSpec command) {
        OptionSpec flag = command.findOption("--backend");
        String given = flag == null ? null : flag.getValue();
        String name = given != null ? given
                : config().find("backend", "auto").map(s -> s.value().asText()).orElse("auto");
        return name.equals("auto") ? new CliBackends().auto().backend() : name;
    }

    /** The value as the flag's text, checked as the flag would be; a wrong one names file, line and key. */
    private static String text(Setting s, OptionSpec option) {
        JsonNode v = s.value();
        Class<?> type = option.type();
        if (type == boolean.class || type == Boolean.class) {
            if (!v.isBoolean()) {
                throw refused(s, "must be true or false");
            }
            return v.asText();
        }
        if (type == int.class || type == Integer.class) {
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw refused(s, "must be a whole number");
            }
            int n = v.asInt();
            int least = switch (s.key()) {
                case "gpus", "retries" -> 0;
                default -> 1;
            };
            if (n < least) {
                throw refused(s, "must be at least " + least);
            }
            return Integer.toString(n);
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw refused(s, "must be a string, e.g. " + s.key() + " = \"…\"");
        }
        String text = v.asText();
        if (text.isBlank()) {
            throw refused(s, "is empty: give a value, or remove the line");
        }
        if (s.key().equals("backend") && !BackendNames.ALL.contains(text)) {
            throw refused(s, "is not a backend: use " + String.join(", ", BackendNames.ALL));
        }
        try {
            switch (s.key()) {
                case "mem" -> MemorySize.parse(text, s.qualifiedKey());
                case "time", "task-time" -> TimeLimit.parse(text, s.qualifiedKey());
                case "chunk" -> ChunkSize.parse(text);
                default -> {
                    // names and accounts: any text the scheduler takes
                }
            }
        } catch (UsageException e) {
            throw new UsageException(s.origin() + ": " + e.getMessage());
        }
        return text;
    }

    private static UsageException refused(Setting s, String why) {
        return new UsageException(s.origin() + ": " + s.qualifiedKey() + " = " + s.value() + " " + why);
    }
}
