package dev.scatter.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ExitCode;
import dev.scatter.core.config.ConfigFile;
import dev.scatter.core.config.ConfigLocations;
import dev.scatter.core.io.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scatter config}: the defaults scatter run would use here, and the file (or flag) each came from. */
@Command(name = "config", description = {"Show the defaults scatter run would use here, and where each comes from.",
        "Files, later ones winning: the site's /etc/scatter/config.toml (or $SCATTER_SITE_CONFIG), yours",
        "~/.config/scatter/config.toml (or $XDG_CONFIG_HOME/scatter/config.toml), and the project's scatter.toml",
        "(here or in a directory above). Keys are scatter run's long options; a [slurm], [pbs] or [local] table",
        "holds values for that backend only, and wins over its file's top level. Flags win over every file.", ""},
        footer = {"", "Example scatter.toml:",
                "  chunk = \"auto\"",
                "  retries = 1",
                "  [slurm]",
                "  partition = \"short\"",
                "  account = \"proj42\"",
                "  sched-opt = [\"--qos=normal\"]",
                "  [pbs]",
                "  partition = \"workq\"",
                "", "SCATTER_NO_CONFIG=1 reads no file."})
public class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME", completionCandidates = BackendNames.class,
            description = "Show the values for this backend (default: the one scatter run would use here).")
    String backend;

    @Option(names = "--json", description = "Machine-readable output (docs/json.md).")
    boolean json;

    @Override
    public Integer call() {
        CommandSpec run = spec.root().subcommands().get("run").getCommandSpec();
        ConfigDefaults defaults = (ConfigDefaults) run.defaultValueProvider();
        String chosen = backend != null ? backend : defaults.backend(run);
        List<EffectiveSettings.Line> lines = EffectiveSettings.of(run, Optional.empty(), defaults, chosen);
        ConfigLocations where = defaults.config().locations();
        List<ConfigFile> read = defaults.config().files();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("backend", chosen);
            ArrayNode files = o.putArray("files");
            where.byScope().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                ObjectNode f = files.addObject();
                f.put("scope", e.getKey().label());
                e.getValue().ifPresentOrElse(p -> f.put("path", p.toString()), () -> f.putNull("path"));
                f.put("read", read.stream().anyMatch(c -> c.scope() == e.getKey()));
            });
            ArrayNode settings = o.putArray("settings");
            lines.forEach(l -> settings.add(l.toJson()));
            out.print(Json.pretty(o));
        } else {
            out.println("scatter run's defaults here, for backend " + chosen + " (flags win over all of these):");
            int width = lines.stream().mapToInt(l -> l.key().length()).max().orElse(0);
            int valueWidth = Math.min(24, lines.stream().mapToInt(l -> l.value().length()).max().orElse(0));
            for (EffectiveSettings.Line l : lines) {
                out.println("  " + pad(l.key(), width) + "  " + pad(l.value(), valueWidth) + "  " + l.origin());
            }
            out.println("files, later ones winning:");
            where.byScope().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                boolean wasRead = read.stream().anyMatch(c -> c.scope() == e.getKey());
                out.println("  " + pad(e.getKey().label(), 7) + "  " + e.getValue().map(Path::toString)
                        .orElse(e.getKey() == ConfigFile.Scope.PROJECT ? "(no scatter.toml here or above)" : "(none)")
                        + (wasRead ? "" : e.getValue().isPresent() && e.getKey() != ConfigFile.Scope.PROJECT ? "  (not present)" : ""));
            });
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
