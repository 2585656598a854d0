package dev.scatter.core.config;

import dev.scatter.core.config.ConfigFile.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the three config files are, in the order they apply (later wins):
 * <ol>
 *   <li>site: {@code $SCATTER_SITE_CONFIG}, else {@code /etc/scatter/config.toml}</li>
 *   <li>user: {@code $XDG_CONFIG_HOME/scatter/config.toml}, else {@code ~/.config/scatter/config.toml}
 *       (the XDG base directory rule)</li>
 *   <li>project: the first {@code scatter.toml} in the working directory or above it (as git finds
 *       {@code .git}), so a project's defaults hold in its subdirectories</li>
 * </ol>
 * {@code SCATTER_NO_CONFIG=1} reads none of them (scripts and tests that want the built-in defaults).
 */
public record ConfigLocations(Optional<Path> site, Optional<Path> user, Optional<Path> project) {

    public static final String PROJECT_FILE = "scatter.toml";

    public static ConfigLocations of(Path workdir, Map<String, String> env) {
        if (!env.getOrDefault("SCATTER_NO_CONFIG", "").isEmpty()) {
            return new ConfigLocations(Optional.empty(), Optional.empty(), Optional.empty());
        }
        Path site = Path.of(env.getOrDefault("SCATTER_SITE_CONFIG", "/etc/scatter/config.toml"));
        String xdg = env.getOrDefault("XDG_CONFIG_HOME", "");
        Optional<Path> configHome = !xdg.isEmpty() ? Optional.of(Path.of(xdg))
                : Optional.ofNullable(env.get("HOME")).filter(h -> !h.isEmpty()).map(h -> Path.of(h, ".config"));
        return new ConfigLocations(Optional.of(site), configHome.map(c -> c.resolve("scatter").resolve("config.toml")),
                project(workdir.toAbsolutePath()));
    }

    private static Optional<Path> project(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve(PROJECT_FILE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Each layer's path, present or not, in the order they apply. */
    public Map<Scope, Optional<Path>> byScope() {
        return Map.of(Scope.SITE, site, Scope.USER, user, Scope.PROJECT, project);
    }
}
