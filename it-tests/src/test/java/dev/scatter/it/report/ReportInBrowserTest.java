package dev.scatter.it.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatter.it.cli.ScatterCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scatter report} of a real local run — a before step, failures of two kinds among hostile
 * inputs, a retry that asks for more memory — rendered in a real headless Chromium: the page draws
 * one bar per task and histograms whose bins sum to the entries, logs nothing to the console,
 * fetches nothing (it counts what it loaded and what its CSP blocked), and shows the inputs as text. The screenshot is kept in
 * {@code it-tests/target/report/} (the README's {@code docs/report.png} is one of them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportInBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entries that must reach the page as text: markup, a command substitution, quotes, unicode. */
    private static final String HOSTILE = "</script><script>document.title='pwned'</script>";

    private Path dir;
    private ScatterCli scatter;
    private JsonNode report;
    private Path page;
    private HeadlessChromium chromium;

    @BeforeAll
    void aRunWithFailuresAndARetry(@TempDir Path dir) throws Exception {
        this.dir = dir;
        chromium = HeadlessChromium.find();
        scatter = new ScatterCli(dir);
        StringBuilder inputs = new StringBuilder();
        for (int i = 1; i <= 16; i++) {
            inputs.append("sample ").append(i).append('\n');
        }
        inputs.append(HOSTILE).append('\n').append("$(touch pwned) 'quoted' \"twice\" ünïcödé ✓\n");
        Files.writeString(dir.resolve("inputs.txt"), inputs);
        // entries 5 and 10 fail with exit 3, the two hostile ones with exit 4; each sleeps a little so the bars have length
        Files.writeString(dir.resolve("work.sh"), """
                sleep 0.2
                case "$1" in
                  'sample 5'|'sample 10') echo "cannot parse $1" >&2; exit 3 ;;
                  sample*) echo "ok $1" ;;
                  *) printf 'refused: %s\\n' "$1" >&2; exit 4 ;;
                esac
                """);
        ScatterCli.Result run = scatter.run("run", "-i", "inputs.txt", "--before", "echo preparing", "--", "bash", "work.sh", "{}");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        ScatterCli.Result retry = scatter.run("retry", "--mem", "300M");
        assertThat(retry.exitCode()).as(retry.toString()).isEqualTo(1);

        ScatterCli.Result written = scatter.run("report", "-o", "report.html");
        assertThat(written.exitCode()).as(written.toString()).isZero();
        assertThat(written.stderr()).contains("wrote report.html").contains("tasks on the timeline");
        page = dir.resolve("report.html");
        ScatterCli.Result json = scatter.run("report", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        report = JSON.readTree(json.stdout());
    }

    @Test
    void theJsonCountsEveryTaskOfEveryAttemptAndGroupsTheFailuresByCause() {
        JsonNode r = report.get("report");
        // 18 entries in 18 tasks, 4 retried in 4 tasks, and the before step
        assertThat(r.at("/timeline/tasks").asInt()).isEqualTo(18 + 4 + 1);
        assertThat(r.at("/timeline/start")).hasSize(23);
        assertThat(r.at("/histograms/entry_seconds/total").asInt()).isEqualTo(18);
        assertThat(r.at("/failure_causes/0/cause").asText()).isIn("FAILED (exit 3)", "FAILED (exit 4)");
        assertThat(r.get("failure_causes")).extracting(c -> c.get("count").asInt()).containsExactly(2, 2);
        assertThat(r.at("/attempts/2/changed").asText()).isEqualTo("--mem default → 300M");
        // the same numbers as status --json
        JsonNode status = scatter.statusJson();
        assertThat(report.get("counts")).isEqualTo(status.get("counts"));
        assertThat(report.get("entries")).isEqualTo(status.get("entries"));
    }

    @Test
    void chromiumDrawsOneBarPerTaskAndHistogramsThatSumToTheEntriesWithoutAConsoleMessageOrARequest() throws Exception {
        HeadlessChromium.Rendered rendered = chromium.render(page, dir);

        Matcher html = Pattern.compile("<html[^>]*>").matcher(rendered.dom());
        assertThat(html.find()).isTrue();
        String root = html.group();
        assertThat(root).as(rendered.dom()).contains("data-rendered=\"ok\"").doesNotContain("data-errors");
        assertThat(attribute(root, "data-timeline-bars")).isEqualTo(report.at("/report/timeline/tasks").asInt());
        assertThat(attribute(element(rendered.dom(), "hist-runtime"), "data-sum")).isEqualTo(18);
        assertThat(attribute(element(rendered.dom(), "hist-memory"), "data-sum"))
                .isEqualTo(report.at("/report/histograms/task_peak_mb/total").asInt());
        assertThat(rendered.console()).as("console messages").isEmpty();
        assertThat(attribute(root, "data-fetched")).as("resources the page loaded").isZero();
        assertThat(root).as("fetches the CSP blocked").doesNotContain("data-blocked");
        // the hostile inputs are text in the page, not markup or commands
        assertThat(rendered.dom()).contains("&lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;")
                .contains("$(touch pwned) 'quoted' \"twice\" ünïcödé ✓")
                .doesNotContain("<title>pwned</title>");
        assertThat(dir.resolve("pwned")).doesNotExist();
        System.out.printf("report: %d bytes, rendered in %s ms of page time, %d ms chromium wall%n", Files.size(page),
                attribute(root, "data-render-ms"), rendered.wallMillis());
    }

    @Test
    void aScreenshotIsKeptAsATestArtifact() throws Exception {
        Path png = Path.of("target", "report", "report.png");
        Files.deleteIfExists(png);

        chromium.screenshot(page, png, 1400, 1500, dir);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(bytes.length).isGreaterThan(20_000);   // a blank page is a few kilobytes
    }

    private static String element(String dom, String id) {
        Matcher m = Pattern.compile("<[^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group();
    }

    private static int attribute(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(tag);
        assertThat(m.find()).as(name + " in " + tag).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
