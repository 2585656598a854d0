package dev.scatter.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatter.core.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code scatter report}'s HTML: one self-contained page ({@code report.html}) with the run's data
 * as JSON and uPlot inlined, so it opens offline, from a file, and mailed to a colleague. Its
 * Content-Security-Policy forbids every fetch, so a page that tried one would fail its tests.
 *
 * <p>uPlot (MIT, about 50 KB minified, no dependencies) draws on a canvas: a timeline of 100,000
 * bars is 100,000 {@code fillRect}s, well under a frame's time; ECharts would add 1 MB and
 * Vega-Lite three libraries for the same charts. It comes from Maven Central as a webjar.
 */
public final class ReportPage {

    /** The webjar's files; {@code ReportPageTest} fails when the dependency's version moves without this. */
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String TEMPLATE = "dev/scatter/core/report/report.html";

    private ReportPage() {
    }

    /** The page for {@code data}: {@code scatter status --json}'s object with {@code resources} and {@code report} in it. */
    public static String render(JsonNode data) {
        String page = resource(TEMPLATE);
        // '<' only appears inside JSON strings, where \u003c means the same: the data cannot close its <script>
        String json = Json.compact(data).replace("<", "\\u003c");
        return fill(fill(fill(page, "/*@UPLOT_CSS@*/", resource(UPLOT + "uPlot.min.css")), "/*@UPLOT_JS@*/",
                resource(UPLOT + "uPlot.iife.min.js")), "/*@DATA@*/", json);
    }

    /** {@code page} with its one {@code marker} replaced by {@code text}, taken literally. */
    private static String fill(String page, String marker, String text) {
        int at = page.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("report template lacks " + marker);
        }
        return page.substring(0, at) + text + page.substring(at + marker.length());
    }

    static String resource(String name) {
        try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (is the uplot webjar on the class path?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
