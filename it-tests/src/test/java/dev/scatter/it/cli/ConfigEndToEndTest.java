package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layered defaults as a user meets them: site < user < project < flag, seen in the {@code #SBATCH}
 * header a simulated SLURM run would submit ({@code --dry-run}) and in {@code scatter config}; a bad
 * key refused with its file and line, nothing written.
 */
class ConfigEndToEndTest {

    @TempDir
    Path dir;

    private Path site;
    private Path user;
    private Path work;
    private ScatterCli cli;

    @BeforeEach
    void files() throws IOException {
        site = Files.createDirectories(dir.resolve("etc")).resolve("config.toml");
        user = Files.createDirectories(dir.resolve("xdg/scatter")).resolve("config.toml");
        work = Files.createDirectories(dir.resolve("project/analysis"));
        Files.writeString(site, "account = \"site-acct\"\n[slurm]\npartition = \"site-part\"\nmem = \"1G\"\ntime = \"10\"\n");
        Files.writeString(user, "[slurm]\npartition = \"user-part\"\nmem = \"2G\"\n");
        Files.writeString(dir.resolve("project/scatter.toml"), "[slurm]\nmem = \"3G\"\nsched-opt = [\"--qos=normal\"]\n[pbs]\nmem = \"9G\"\n");
        cli = new ScatterCli(work, Map.of("SCATTER_SITE_CONFIG", site.toString(), "XDG_CONFIG_HOME", dir.resolve("xdg").toString()));
    }

    private String sbatchHeader(String... flags) {
        String[] args = new String[flags.length + 9];
        String[] fixed = {"run", "--backend", "slurm", "--simulate", "--range", "1..2", "--dry-run"};
        System.arraycopy(fixed, 0, args, 0, fixed.length);
        System.arraycopy(flags, 0, args, fixed.length, flags.length);
        args[args.length - 2] = "--";
        args[args.length - 1] = "true";
        ScatterCli.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return String.join("\n", r.stdout().lines().filter(l -> l.startsWith("#SBATCH")).toList());
    }

    @Test
    void siteThenUserThenProjectThenFlags() {
        String header = sbatchHeader();
        assertThat(header).contains("#SBATCH --account=site-acct", "#SBATCH --time=00:10:00", "#SBATCH --partition=user-part",
                "#SBATCH --mem=3G", "#SBATCH --qos=normal");
        String flagged = sbatchHeader("--mem", "5G", "-p", "flag-part");
        assertThat(flagged).contains("#SBATCH --mem=5G", "#SBATCH --partition=flag-part", "#SBATCH --account=site-acct")
                .doesNotContain("--mem=3G", "user-part");
    }

    @Test
    void dryRunAndConfigSayWhereEachValueCameFrom() throws IOException {
        ScatterCli.Result dry = cli.run("run", "--backend", "slurm", "--simulate", "--range", "1..2", "-c", "2", "--dry-run", "--", "true");
        assertThat(dry.stdout()).contains("mem = 3G   (project: " + dir.resolve("project/scatter.toml") + " line 2 [slurm])",
                "account = site-acct   (site: " + site + " line 1)", "cpus-per-task = 2   (command line)");

        ScatterCli.Result config = cli.run("config", "--backend", "slurm", "--json");
        assertThat(config.exitCode()).as(config.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(config.stdout());
        assertThat(json.path("backend").asText()).isEqualTo("slurm");
        JsonNode partition = setting(json, "partition");
        assertThat(partition.path("value").asText()).isEqualTo("user-part");
        assertThat(partition.path("scope").asText()).isEqualTo("user");
        assertThat(partition.path("line").asInt()).isEqualTo(2);
        assertThat(setting(json, "chunk").path("source").asText()).isEqualTo("built-in");
        assertThat(setting(cliJson("pbs"), "mem").path("value").asText()).isEqualTo("9G");
    }

    private JsonNode cliJson(String backend) throws IOException {
        return new ObjectMapper().readTree(cli.run("config", "--backend", backend, "--json").stdout());
    }

    private static JsonNode setting(JsonNode config, String key) {
        for (JsonNode s : config.path("settings")) {
            if (s.path("key").asText().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no setting " + key + " in " + config);
    }

    @Test
    void aBadKeyOrValueIsOneLineExitTwoNothingWritten() throws IOException {
        Files.writeString(user, "[slurm]\npartition = \"user-part\"\nmemory = \"2G\"\n");
        ScatterCli.Result r = cli.run("run", "--backend", "slurm", "--simulate", "--range", "1..2", "--", "true");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("scatter: " + user + " line 3: unknown key 'slurm.memory' (did you mean mem?):"
                + " keys are the long options of scatter run; scatter config lists them");
        assertThat(work.resolve(".scatter")).doesNotExist();

        Files.writeString(user, "cpus-per-task = 0\n");
        ScatterCli.Result zero = cli.run("run", "--range", "1..2", "--", "true");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.stderr().strip()).isEqualTo("scatter: " + user + " line 1: cpus-per-task = 0 must be at least 1");
        assertThat(work.resolve(".scatter")).doesNotExist();
    }
}
