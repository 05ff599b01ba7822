package dev.facet.reportview;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The report page: one HTML file with its style, its script and the report document inline, so that the file a
 * user saves opens anywhere with no network (issue 22). The live page and the exported file are the same bytes.
 */
public final class ReportPage {

    private static final String DATA = "@DATA@";
    private static final String SCRIPT = "/*@SCRIPT@*/";

    private ReportPage() {
    }

    /**
     * The page for one report document (JSON text, as {@code /report.json} or {@code report --json} give it).
     * The document is placed in a {@code <script type="application/json">} element with every {@code <} written as
     * its JSON escape (backslash, u003c; valid JSON has {@code <} only inside strings, where the escape reads back
     * as the same text). Escaping only {@code </} is not enough: {@code <!--} followed by {@code <script} puts the
     * HTML parser in its double-escaped state, where the element's own {@code </script>} no longer ends it.
     * Template, script and data are joined in one pass, so a placeholder's text inside the data stays data.
     */
    public static String html(String reportJson) {
        String template = resource("report.html");
        String script = resource("report.js");
        int s = template.indexOf(SCRIPT);
        int d = template.indexOf(DATA);
        if (s < 0 || d < 0 || d > s) {
            throw new IllegalStateException("report.html must hold " + DATA + " and then " + SCRIPT);
        }
        String data = reportJson.replace("<", "\\u003c");
        return new StringBuilder(template.length() + script.length() + data.length())
                .append(template, 0, d).append(data)
                .append(template, d + DATA.length(), s).append(script)
                .append(template, s + SCRIPT.length(), template.length())
                .toString();
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report-view resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
