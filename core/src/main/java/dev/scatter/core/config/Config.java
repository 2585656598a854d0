package dev.scatter.core.config;

import dev.scatter.core.config.ConfigFile.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The layered defaults of {@code scatter run}: site, user and project config files, later ones
 * winning, flags winning over all (the CLI applies them only to options not given). Within one
 * file a backend's table ({@code [slurm]}) wins over the file's top level, so a site can set
 * {@code partition} for SLURM and {@code queue}-like values for PBS side by side.
 */
public final class Config {

    /** The backend tables a file may have: {@code [pbs]} covers PBS Pro and Torque. */
    public static final Set<String> TABLES = Set.of("slurm", "pbs", "local");

    private final ConfigLocations locations;
    private final List<ConfigFile> files;

    private Config(ConfigLocations locations, List<ConfigFile> files) {
        this.locations = locations;
        this.files = List.copyOf(files);
    }

    /** Reads the files that exist; {@code keys} are the keys a file may set. */
    public static Config load(ConfigLocations locations, Set<String> keys) {
        List<ConfigFile> files = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            Optional<Path> path = locations.byScope().get(scope);
            if (path.isPresent() && Files.isRegularFile(path.get())) {
                files.add(ConfigFile.read(scope, path.get(), keys, TABLES));
            }
        }
        return new Config(locations, files);
    }

    public ConfigLocations locations() {
        return locations;
    }

    /** The files read, in the order they apply. */
    public List<ConfigFile> files() {
        return files;
    }

    /**
     * The value of {@code key} for a run on {@code backend} (a backend name such as {@code slurm}
     * or {@code pbs-pro}): the last file that sets it, in the backend's table or at its top level.
     */
    public Optional<Setting> find(String key, String backend) {
        Optional<String> table = tableOf(backend);
        for (int i = files.size() - 1; i >= 0; i--) {
            ConfigFile f = files.get(i);
            Setting s = table.map(t -> f.tables().getOrDefault(t, Map.of()).get(key)).orElse(null);
            if (s == null) {
                s = f.top().get(key);
            }
            if (s != null) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The table a backend reads: {@code slurm}, {@code pbs} (PBS Pro, Torque, simulated or not), {@code local}. */
    public static Optional<String> tableOf(String backend) {
        return switch (backend) {
            case "slurm" -> Optional.of("slurm");
            case "pbs", "pbs-pro", "torque" -> Optional.of("pbs");
            case "local" -> Optional.of("local");
            default -> Optional.empty();
        };
    }
}
