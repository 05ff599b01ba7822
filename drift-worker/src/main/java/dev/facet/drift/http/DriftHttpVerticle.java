package dev.facet.drift.http;

import dev.facet.drift.archive.EvaluationArchive;
import dev.facet.drift.models.RepositoryModels;
import dev.facet.drift.state.DriftState;
import dev.facet.reportview.ReportPage;
import dev.facet.service.http.Health;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.HttpServers;
import dev.facet.service.http.JsonReplies;
import dev.facet.service.http.PrometheusScrape;
import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.facet.service.http.ClientErrorException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Serves the drift results and the reports. {@code /drift} runs on the event loop: it only reads
 * {@link DriftState} (immutable evaluations behind atomic references) and writes a few kilobytes of JSON,
 * microseconds of work; the Prometheus scrape goes to a worker thread inside {@link PrometheusScrape}. The history
 * and report routes read the evaluations topic and the repository's files ({@link Reports}), so they check their
 * parameters here and do the rest on a small pool of worker threads of their own, where a slow broker holds up
 * only them (each read has its deadline) and never the event loop or the default worker pool.
 */
public final class DriftHttpVerticle extends VerticleBase {

    /** Worker threads for the history and report routes: each holds a topic read while it runs. */
    private static final String REPORT_POOL = "drift-worker-reports";
    private static final int REPORT_THREADS = 2;
    /**
     * History and report requests running or waiting for those threads at most. Each may hold a thread for
     * {@code history.read.timeout.ms} while the broker is away; beyond this many, a request is answered 503 at
     * once rather than queued behind reads that will time out too.
     */
    static final int REPORT_ADMITTED = 8;
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** No route takes a body; this only bounds what the failure handler reports. */
    private static final long BODY_LIMIT = 1024;

    private final int port;
    private final Duration idleTimeout;
    private final DriftState state;
    private final PrometheusMeterRegistry registry;
    private final Reports reports;
    /** Admitted history and report requests; touched only on this verticle's event loop. */
    private int admitted;
    private WorkerExecutor pool;
    private HttpServer server;

    public DriftHttpVerticle(int port, Duration idleTimeout, DriftState state, PrometheusMeterRegistry registry,
                             EvaluationArchive archive, RepositoryModels repository) {
        this.port = port;
        this.idleTimeout = idleTimeout;
        this.state = state;
        this.registry = registry;
        this.reports = new Reports(state, archive, repository);
    }

    @Override
    public Future<?> start() {
        pool = vertx.createSharedWorkerExecutor(REPORT_POOL, REPORT_THREADS);
        // idle timeout, HTTP/1.1 only, unreadable requests as JSON: as every service (HttpServers)
        return vertx.createHttpServer(HttpServers.options(idleTimeout))
                .invalidRequestHandler(HttpServers.invalidRequests())
                .requestHandler(router()).listen(port).onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return pool == null ? Future.succeededFuture() : pool.close();
    }

    /** Every route, top to bottom. */
    private Router router() {
        Router router = Router.router(vertx);
        router.get("/drift").handler(this::drift);
        router.get("/history").handler(this::history);
        router.get("/report.json").handler(this::reportJson);
        router.get("/report").handler(this::reportPage);
        router.get("/metrics").handler(PrometheusScrape.handler(registry));
        Health.mount(router, () -> List.of(state.consumerHealth()));
        router.route().last().handler(HttpErrors::notFound);
        router.route().failureHandler(HttpErrors.failureHandler(BODY_LIMIT, body -> { }));
        return router;
    }

    /** The port actually bound (meaningful after start; differs from the setting when that was 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /** Every model, or with {@code ?model=NAME} that one; an unknown name is a 404 naming the models. */
    private void drift(RoutingContext ctx) {
        List<String> asked = ctx.queryParam("model");
        if (asked.isEmpty()) {
            JsonReplies.PLAIN.send(ctx, 200, DriftReport.all(state));
            return;
        }
        String name = asked.get(0);
        var report = DriftReport.one(state, name);
        if (report.isEmpty()) {
            String known = state.modelNames().toString();
            HttpErrors.send(ctx, 404, new ErrorBody(ErrorBody.Kind.NOT_FOUND.code(),
                    "no model " + quoted(name) + " is monitored; monitored models: " + known,
                    List.of(new FieldError("model", "must be one of " + known))));
            return;
        }
        JsonReplies.PLAIN.send(ctx, 200, report.get());
    }

    /** {@code ?model=NAME&from=ISO&to=ISO&limit=N}: one model's evaluations of a period (default the last 24 h). */
    private void history(RoutingContext ctx) {
        Reports.Query q = Reports.query(ctx.request().getParam("model"), ctx.request().getParam("from"),
                ctx.request().getParam("to"), ctx.request().getParam("limit"), Instant.now());
        offload(() -> Reports.encode(reports.history(q)))
                .onSuccess(json -> JsonReplies.PLAIN.send(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    /** {@code ?model=NAME}: the live report document. */
    private void reportJson(RoutingContext ctx) {
        String model = model(ctx);
        String where = where();
        offload(() -> Reports.encode(reports.report(model, Instant.now(), where)))
                .onSuccess(json -> JsonReplies.PLAIN.send(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    /**
     * {@code ?model=NAME[&download=1]}: the report page, one self-contained HTML file (report-view's
     * {@link ReportPage}); with {@code download=1} the browser saves it under a name that says model and time.
     */
    private void reportPage(RoutingContext ctx) {
        String model = model(ctx);
        String where = where();
        boolean download = "1".equals(ctx.request().getParam("download"))
                || "true".equals(ctx.request().getParam("download"));
        offload(() -> {
            Instant now = Instant.now();
            String json = Reports.encode(reports.report(model, now, where)).toString();
            return new Page(Buffer.buffer(ReportPage.html(json)), now);
        }).onSuccess(page -> {
            if (ctx.response().ended() || ctx.response().closed()) {
                return;
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8");
            if (download) {
                ctx.response().putHeader(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + fileName(model, page.at()) + "\"");
            }
            ctx.response().end(page.html());
        }).onFailure(ctx::fail);
    }

    private record Page(Buffer html, Instant at) {
    }

    /** {@code work} on the report pool, if fewer than {@link #REPORT_ADMITTED} requests are there already. */
    private <T> Future<T> offload(Callable<T> work) {
        if (admitted >= REPORT_ADMITTED) {
            return Future.failedFuture(new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "busy: "
                    + REPORT_ADMITTED + " history and report requests are being answered; try again shortly"));
        }
        admitted++;
        return pool.executeBlocking(work, false).andThen(done -> admitted--);
    }

    /** {@code facet-report-NAME-20261203T101500Z.html}, the name cut to the characters a file name keeps anywhere. */
    static String fileName(String model, Instant at) {
        String name = model.replaceAll("[^A-Za-z0-9._-]", "_");
        String ts = FILE_TIME.format(at.truncatedTo(ChronoUnit.SECONDS));
        return "facet-report-" + (name.length() > 64 ? name.substring(0, 64) : name) + "-" + ts + ".html";
    }

    /** The report's {@code model}, required (a 400 naming it); checked before any work is queued. */
    private static String model(RoutingContext ctx) {
        return Reports.query(ctx.request().getParam("model"), null, null, null, Instant.now()).model();
    }

    private String where() {
        return "on port " + server.actualPort();
    }

    /** The asked name as a message shows it: quoted, and cut short so a long query cannot grow the answer. */
    private static String quoted(String name) {
        return "'" + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "'";
    }
}
