package dev.scatter.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One value from a config file and where it was set: the file, the line, and the backend table
 * it sits in ({@code [slurm]}), if any.
 */
public record Setting(String key, JsonNode value, ConfigFile.Scope scope, Path file, int line, Optional<String> table) {

    /** Where, for messages: {@code /home/ada/.config/scatter/config.toml line 4 [slurm]}. */
    public String origin() {
        return file + (line > 0 ? " line " + line : "") + table.map(t -> " [" + t + "]").orElse("");
    }

    /** The key as written in its file: {@code slurm.partition} or {@code partition}. */
    public String qualifiedKey() {
        return table.map(t -> t + "." + key).orElse(key);
    }
}
