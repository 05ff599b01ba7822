package dev.facet.bench.http;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A lean open-loop HTTP/1.1 load generator: one thread, one selector, keep-alive connections, requests encoded
 * once up front. Request {@code i} is due at {@code start + i / rate}; it goes out on the first idle connection
 * at or after that time, and its latency runs from the due time to the last byte of its answer, so time spent
 * waiting for a free connection or behind a stalled server counts (no coordinated omission, as wrk2 does it).
 *
 * <p>Why not the simulator's Vert.x generator: it took most of a core at the rates measured here, on a box that
 * also runs the service and the broker, so the p99 measured that contention (BENCHMARKS.md). This one does a write and a read
 * system call per request and allocates nothing per request.
 *
 * <p>Scheduling has the selector's millisecond resolution; below a millisecond it parks. Either way a request
 * is never sent early, only late, and lateness is charged to the latency: the error is conservative.
 * Answers must carry a {@code Content-Length} (Vert.x sets it for a complete body); anything else is counted
 * as an error and the connection reopened.
 */
public final class OpenLoopClient {

    /** Counts and the latency histogram (nanoseconds) of one run. */
    public record Result(double offeredRate, long sent, long ok, long non2xx, long errors, long elapsedNanos,
                         Histogram latencyNanos) {

        public double achievedRate() {
            return elapsedNanos == 0 ? 0 : (ok + non2xx) * 1e9 / elapsedNanos;
        }

        public double percentileMs(double p) {
            return latencyNanos.getValueAtPercentile(p) / 1e6;
        }

        public double maxMs() {
            return latencyNanos.getMaxValue() / 1e6;
        }
    }

    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress address;
    private final byte[][] requests;
    private final int connections;
    private final Duration grace;

    /** {@code bodies} are JSON documents POSTed in turn to {@code url} (its path; host and port to connect). */
    public OpenLoopClient(URI url, List<byte[]> bodies, int connections, Duration grace) {
        if (bodies.isEmpty() || connections < 1) {
            throw new IllegalArgumentException("need at least one body and one connection");
        }
        this.address = new InetSocketAddress(url.getHost(), url.getPort());
        this.connections = connections;
        this.grace = grace;
        String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: ";
        this.requests = new byte[bodies.size()][];
        for (int i = 0; i < bodies.size(); i++) {
            byte[] h = (head + bodies.get(i).length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] r = new byte[h.length + bodies.get(i).length];
            System.arraycopy(h, 0, r, 0, h.length);
            System.arraycopy(bodies.get(i), 0, r, h.length, bodies.get(i).length);
            requests[i] = r;
        }
    }

    /** Offers {@code rate} requests a second for {@code duration}, then waits up to the grace for the last answers. */
    public Result run(double rate, Duration duration) throws IOException {
        long total = (long) Math.floor(rate * duration.toNanos() / 1e9);
        double interval = 1e9 / rate;
        Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
        try (Selector selector = Selector.open()) {
            ArrayDeque<Connection> idle = new ArrayDeque<>();
            for (int c = 0; c < connections; c++) {
                idle.push(new Connection(selector));
            }
            long sent = 0;
            long ok = 0;
            long non2xx = 0;
            long errors = 0;
            long done = 0;
            long start = System.nanoTime();
            long lastAnswer = start;
            long deadline = start + duration.toNanos() + grace.toNanos();
            while (done < total) {
                long now = System.nanoTime();
                if (now > deadline) {
                    errors += total - done; // never answered, or never sent for want of a connection
                    break;
                }
                while (sent < total && !idle.isEmpty() && due(start, interval, sent) <= now) {
                    Connection c = idle.pop();
                    if (!c.send(requests[(int) (sent % requests.length)], due(start, interval, sent))) {
                        errors++;
                        done++;
                        c.reopen(selector);
                        idle.push(c);
                    }
                    sent++;
                }
                long wait = sent < total && !idle.isEmpty() ? due(start, interval, sent) - System.nanoTime()
                        : TimeUnit.MILLISECONDS.toNanos(100);
                int ready;
                if (wait >= 1_000_000) {
                    ready = selector.select(wait / 1_000_000);
                } else {
                    ready = selector.selectNow();
                    if (ready == 0 && wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                if (ready == 0) {
                    continue;
                }
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection c = (Connection) key.attachment();
                    int status;
                    try {
                        status = key.isWritable() ? c.flush() : c.receive();
                    } catch (IOException | RuntimeException e) {
                        status = -1;
                    }
                    if (status == 0) {
                        continue; // more to write or to read
                    }
                    long end = System.nanoTime();
                    done++;
                    if (status < 0) {
                        errors++;
                        c.reopen(selector);
                    } else {
                        latency.recordValue(Math.min(MAX_LATENCY_NANOS, end - c.due));
                        lastAnswer = end;
                        if (status >= 200 && status < 300) {
                            ok++;
                        } else {
                            non2xx++;
                        }
                    }
                    idle.push(c);
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            return new Result(rate, sent, ok, non2xx, errors, lastAnswer - start, latency);
        }
    }

    /** When request {@code i} is due: the schedule, whatever has been sent. */
    private static long due(long start, double interval, long i) {
        return start + (long) (i * interval);
    }

    /** One keep-alive connection with at most one request in flight (no pipelining). */
    private final class Connection {
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer out;
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        private long due;

        Connection(Selector selector) throws IOException {
            open(selector);
        }

        private void open(Selector selector) throws IOException {
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(selector, 0, this);
            in.clear();
        }

        void reopen(Selector selector) {
            try {
                key.cancel();
                channel.close();
                open(selector); // a new channel: the cancelled key need not be flushed first
            } catch (IOException e) {
                throw new IllegalStateException("cannot reconnect to " + address, e);
            }
        }

        /** False when the write fails outright. */
        boolean send(byte[] request, long dueNanos) {
            due = dueNanos;
            out = ByteBuffer.wrap(request);
            try {
                return flush() == 0;
            } catch (IOException e) {
                return false;
            }
        }

        /** 0 while the request is being written or its answer read; otherwise as {@link #receive}. */
        int flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            return 0;
        }

        /** 0 while the answer is incomplete, its status code once complete, -1 if the connection failed. */
        int receive() throws IOException {
            if (channel.read(in) < 0) {
                return -1;
            }
            int headEnd = headerEnd(in.array(), in.position());
            if (headEnd < 0) {
                if (!in.hasRemaining()) {
                    throw new IOException("response head larger than " + in.capacity() + " bytes");
                }
                return 0;
            }
            long length = contentLength(in.array(), headEnd);
            if (length < 0 || headEnd + length > in.capacity()) {
                throw new IOException("response without a usable Content-Length");
            }
            if (in.position() < headEnd + length) {
                return 0;
            }
            if (in.position() > headEnd + length) {
                throw new IOException("bytes after the response with no request outstanding");
            }
            int status = statusCode(in.array());
            in.clear();
            key.interestOps(0);
            return status;
        }
    }

    /** Index just past the blank line ending the head, or -1 if it has not all arrived. */
    static int headerEnd(byte[] b, int limit) {
        for (int i = 3; i < limit; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The Content-Length header's value in {@code b[0, headEnd)}, or -1 if absent or malformed. */
    static long contentLength(byte[] b, int headEnd) {
        outer:
        for (int i = 0; i + CONTENT_LENGTH.length < headEnd; i++) {
            if (i > 0 && b[i - 1] != '\n') {
                continue;
            }
            for (int k = 0; k < CONTENT_LENGTH.length; k++) {
                if (Character.toLowerCase(b[i + k]) != CONTENT_LENGTH[k]) {
                    continue outer;
                }
            }
            int p = i + CONTENT_LENGTH.length;
            while (p < headEnd && b[p] == ' ') {
                p++;
            }
            long v = 0;
            int digits = 0;
            while (p < headEnd && b[p] >= '0' && b[p] <= '9' && digits < 12) {
                v = v * 10 + (b[p++] - '0');
                digits++;
            }
            return digits == 0 || b[p] != '\r' ? -1 : v;
        }
        return -1;
    }

    /** The three digits after "HTTP/1.x ". */
    static int statusCode(byte[] b) throws IOException {
        if (b[0] != 'H' || b[8] != ' ') {
            throw new IOException("not an HTTP/1.x status line");
        }
        return (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
    }
}
