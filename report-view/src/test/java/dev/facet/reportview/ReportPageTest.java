package dev.facet.reportview;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page as a string: the document is inlined where the script reads it, nothing in the data can end that
 * element early, and nothing in the page points at the network. What the page draws is checked in a browser by
 * {@link ReportPageBrowserTest}.
 */
class ReportPageTest {

    /** The text of the {@code <script type="application/json">} element, as an HTML parser would cut it. */
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void theDocumentIsInlinedWithTheScriptInOnePage() throws IOException {
        String json = fixture("report-diamonds.json");
        String page = ReportPage.html(json);
        assertThat(page).startsWith("<!doctype html>").endsWith("</html>\n");
        assertThat(page).doesNotContain("@DATA@").doesNotContain("/*@SCRIPT@*/").doesNotContain("<script src");
        assertThat(page).contains("function distribution(").contains("<style>");
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        assertThat(unescape(m.group(1))).isEqualTo(json);
        assertThat(m.find()).as("one data element").isFalse();
        assertThat(page.split("</script>", -1)).as("the data and the script end where they should").hasSize(3);
        assertThat(page).doesNotContain("<!--");
    }

    @Test
    void aClosingScriptTagInsideAStringCannotEndTheDataElement() {
        String json = "{\"model\":{\"name\":\"</script><script>alert(1)</script>\"},\"note\":\"</SCRIPT >\"}";
        String page = ReportPage.html(json);
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        assertThat(unescape(m.group(1))).isEqualTo(json);
        assertThat(m.group(1)).doesNotContainIgnoringCase("</script");
    }

    @Test
    void anHtmlCommentOpenerInTheDataCannotSwallowTheRestOfThePage() {
        // "<!--" then "<script" inside a script element switch the HTML parser to its double-escaped state, in which
        // the element's own "</script>" no longer ends it and the page's script becomes part of the data
        String json = "{\"model\":{\"name\":\"<!--<script>\"},\"segments\":[]}";
        String page = ReportPage.html(json);
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).doesNotContain("<!--").doesNotContain("<script");
        assertThat(unescape(m.group(1))).isEqualTo(json);
    }

    @Test
    void placeholdersInTheDataAreLeftAsData() {
        String json = "{\"model\":{\"name\":\"@DATA@ /*@SCRIPT@*/\"}}";
        String page = ReportPage.html(json);
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        assertThat(unescape(m.group(1))).isEqualTo(json);
        assertThat(page.split("function distribution\\(", -1)).as("the script is inlined once").hasSize(2);
    }

    @Test
    void thePageNamesNoNetworkAddress() throws IOException {
        for (String name : new String[]{"report-diamonds.json", "report-penguins.json", "report-empty.json"}) {
            String page = ReportPage.html(fixture(name));
            assertThat(page).as(name).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                    .doesNotContain("//cdn").doesNotContain("@import").doesNotContain("url(");
        }
        assertThat(ReportPage.html("{}")).doesNotContainIgnoringCase("http").doesNotContain("src=");
    }

    /** The JSON escapes the page may use inside strings; a JSON parser reads them back as the same text. */
    private static String unescape(String data) {
        return data.replace("\\u003c", "<").replace("<\\/", "</");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ReportPageTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
