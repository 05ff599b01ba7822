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

    private ReportPage() {
    }

    /**
     * The page for one report document (JSON text, as {@code /report.json} or {@code report --json} give it).
     * The document is placed in a {@code <script type="application/json">} element; every {@code </} in it is
     * escaped so that no string in the data can close that element.
     */
    public static String html(String reportJson) {
        String template = resource("report.html");
        String script = resource("report.js");
        String data = reportJson.replace("</", "<\\/");
        return template.replace("/*@SCRIPT@*/", script).replace("@DATA@", data);
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
