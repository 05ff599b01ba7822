package dev.facet.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Raw HTTP/1.1 over a socket, for what a well-behaved client cannot send: requests without Host, lying
 * Content-Lengths, bad chunks, other protocols' prefaces. Reads until the server closes the connection.
 */
final class RawHttp {

    /** One response read off the wire. */
    record Response(int status, String contentType, String body) {
    }

    /**
     * What the server sent back before closing: the responses in order, and whether it closed at all within
     * {@code readTimeoutMs} (false: the socket timed out while the server held the connection open).
     */
    record Exchange(List<Response> responses, boolean closed, String raw) {
    }

    private RawHttp() {
    }

    static Exchange exchange(int port, byte[] request, int readTimeoutMs) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(readTimeoutMs);
            if (request.length > 0) {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            boolean closed;
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    all.write(buf, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // a reset is a close too
            }
            String raw = all.toString(StandardCharsets.ISO_8859_1);
            return new Exchange(parse(raw), closed, raw);
        }
    }

    static Exchange exchange(int port, String request, int readTimeoutMs) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), readTimeoutMs);
    }

    /** Responses with a Content-Length (all of ours and Vert.x's are); stops at anything else. */
    static List<Response> parse(String raw) {
        List<Response> out = new ArrayList<>();
        int at = 0;
        while (raw.startsWith("HTTP/", at)) {
            int headEnd = raw.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                break;
            }
            String[] lines = raw.substring(at, headEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            int length = 0;
            String type = null;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].toLowerCase(Locale.ROOT);
                if (line.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                } else if (line.startsWith("content-type:")) {
                    type = line.substring(13).trim();
                }
            }
            int bodyStart = headEnd + 4;
            int bodyEnd = Math.min(raw.length(), bodyStart + length);
            out.add(new Response(status, type, new String(raw.substring(bodyStart, bodyEnd)
                    .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
            at = bodyEnd;
        }
        return out;
    }
}
