package dev.scatter.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Site < user < project, a backend's table over its file's top level, and refusals with file and line. */
class ConfigTest {

    private static final Set<String> KEYS = Set.of("backend", "partition", "account", "mem", "chunk", "sched-opt");

    @TempDir
    Path dir;

    private Path site;
    private Path xdg;
    private Path project;

    @BeforeEach
    void layout() throws IOException {
        site = dir.resolve("etc/config.toml");
        xdg = dir.resolve("xdg");
        project = Files.createDirectories(dir.resolve("proj/a/b"));
        Files.createDirectories(site.getParent());
        Files.createDirectories(xdg.resolve("scatter"));
    }

    private Config load() {
        return Config.load(ConfigLocations.of(project, Map.of("SCATTER_SITE_CONFIG", site.toString(),
                "XDG_CONFIG_HOME", xdg.toString(), "HOME", dir.toString())), KEYS);
    }

    private Path user() {
        return xdg.resolve("scatter/config.toml");
    }

    @Test
    void laterFilesWinAndATableWinsWithinItsFile() throws IOException {
        Files.writeString(site, "account = \"site\"\npartition = \"site-top\"\n[slurm]\nmem = \"1G\"\n");
        Files.writeString(user(), "[slurm]\npartition = \"user-slurm\"\n");
        Files.writeString(dir.resolve("proj/scatter.toml"), "# found two directories up\nmem = \"8G\"\n[pbs]\npartition = \"workq\"\n");
        Config c = load();

        assertThat(c.files()).extracting(ConfigFile::scope)
                .containsExactly(ConfigFile.Scope.SITE, ConfigFile.Scope.USER, ConfigFile.Scope.PROJECT);
        assertThat(c.find("account", "slurm")).get().extracting(s -> s.value().asText(), Setting::scope)
                .containsExactly("site", ConfigFile.Scope.SITE);
        assertThat(c.find("partition", "slurm").orElseThrow().value().asText()).isEqualTo("user-slurm");
        assertThat(c.find("partition", "pbs-pro").orElseThrow().value().asText()).isEqualTo("workq");
        assertThat(c.find("partition", "local").orElseThrow().value().asText()).isEqualTo("site-top");
        Setting mem = c.find("mem", "slurm").orElseThrow();
        assertThat(mem.value().asText()).isEqualTo("8G");
        assertThat(mem.file()).isEqualTo(dir.resolve("proj/scatter.toml"));
        assertThat(mem.line()).isEqualTo(2);
        assertThat(c.find("chunk", "slurm")).isEmpty();
    }

    @Test
    void linesAreFoundForTablesAndDottedKeys() throws IOException {
        Files.writeString(user(), "chunk = 5\n\n[local]\nchunk = 2\n\n[slurm]\n  partition   = \"p\"\n");
        Files.writeString(site, "slurm.account = \"a\"\n");
        Config c = load();
        assertThat(c.find("chunk", "local").orElseThrow().line()).isEqualTo(4);
        assertThat(c.find("chunk", "slurm").orElseThrow().line()).isEqualTo(1);
        Setting p = c.find("partition", "slurm").orElseThrow();
        assertThat(p.line()).isEqualTo(7);
        assertThat(p.origin()).isEqualTo(user() + " line 7 [slurm]");
        assertThat(c.find("account", "slurm").orElseThrow().line()).isEqualTo(1);
    }

    @Test
    void anUnknownKeyNamesFileLineAndTheKeyMeant() throws IOException {
        Files.writeString(user(), "chunk = 5\n[slurm]\npartiton = \"short\"\n");
        assertThatThrownBy(this::load).isInstanceOf(UsageException.class)
                .hasMessage(user() + " line 3: unknown key 'slurm.partiton' (did you mean partition?):"
                        + " keys are the long options of scatter run; scatter config lists them");
    }

    @Test
    void anUnknownTableIsRefused() throws IOException {
        Files.writeString(site, "[slurmm]\nmem = \"1G\"\n");
        assertThatThrownBy(this::load).isInstanceOf(UsageException.class)
                .hasMessageStartingWith(site + " line 1: unknown table [slurmm] (did you mean slurm?)");
    }

    @Test
    void brokenTomlNamesItsLine() throws IOException {
        Files.writeString(site, "chunk = 1\nmem = = 3\n");
        assertThatThrownBy(this::load).isInstanceOf(UsageException.class)
                .hasMessageStartingWith(site + " line 2: not valid TOML");
    }

    @Test
    void theProjectFileIsTheNearestAbove() throws IOException {
        Files.writeString(dir.resolve("proj/scatter.toml"), "chunk = 1\n");
        Files.writeString(dir.resolve("proj/a/scatter.toml"), "chunk = 2\n");
        assertThat(load().locations().project()).contains(dir.resolve("proj/a/scatter.toml"));
    }

    @Test
    void userFileFallsBackToHomeAndNoConfigReadsNothing() throws IOException {
        Files.createDirectories(dir.resolve(".config/scatter"));
        Files.writeString(dir.resolve(".config/scatter/config.toml"), "chunk = 7\n");
        ConfigLocations home = ConfigLocations.of(project, Map.of("HOME", dir.toString()));
        assertThat(home.user()).contains(dir.resolve(".config/scatter/config.toml"));
        assertThat(home.site()).contains(Path.of("/etc/scatter/config.toml"));
        assertThat(Config.load(home, KEYS).find("chunk", "local").orElseThrow().value().asInt()).isEqualTo(7);
        Config none = Config.load(ConfigLocations.of(project, Map.of("HOME", dir.toString(), "SCATTER_NO_CONFIG", "1")), KEYS);
        assertThat(none.files()).isEmpty();
    }
}
