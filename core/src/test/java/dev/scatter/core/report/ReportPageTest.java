package dev.scatter.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's assembly; tests/ReportInBrowserTest (it-tests) renders it in a real Chromium. */
class ReportPageTest {

    @Test
    void the_chart_library_is_inlined_from_the_webjar_on_the_class_path() {
        String uplot = ReportPage.resource(ReportPage.UPLOT + "uPlot.iife.min.js");

        String page = ReportPage.render(Json.object());

        assertThat(page).contains(uplot).contains(ReportPage.resource(ReportPage.UPLOT + "uPlot.min.css"));
        assertThat(page).doesNotContain("/*@DATA@*/", "/*@UPLOT_JS@*/", "/*@UPLOT_CSS@*/");
    }

    @Test
    void nothing_in_the_page_is_loaded_from_elsewhere() {
        String page = ReportPage.render(Json.object());

        assertThat(page).contains("Content-Security-Policy\" content=\"default-src 'none'");
        assertThat(Pattern.compile("(?i)<(script|link|img|iframe)[^>]+(src|href)=").matcher(page).find()).isFalse();
    }

    @Test
    void a_users_text_cannot_close_the_data_script_and_comes_back_unchanged() {
        ObjectNode data = Json.object();
        String hostile = "</script><script>alert(1)</script> <!-- $(rm -rf ~) 'q' \"qq\" ü \u2028";
        data.put("name", hostile);

        String page = ReportPage.render(data);

        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"scatter-data\">(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).doesNotContain("<");
        assertThat(Json.parse(m.group(1)).get("name").asText()).isEqualTo(hostile);
    }
}
