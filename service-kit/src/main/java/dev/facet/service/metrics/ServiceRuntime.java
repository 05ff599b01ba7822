package dev.facet.service.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.EnumSet;

/**
 * A Vert.x instance wired to its own Prometheus registry, one per service. Running the three services in
 * one JVM (the local run command) still gives each its own {@code /metrics}, as separate processes would.
 *
 * <p>Every meter carries {@code application=<service>} (a {@link MeterFilter} registered before any binder);
 * Vert.x HTTP server metrics are labelled by route, method and status code (route, not path, keeps the
 * label bounded), unless left out (serving counts its answers more cheaply itself); JVM metrics come from
 * vertx-micrometer's binders.
 */
public record ServiceRuntime(Vertx vertx, PrometheusMeterRegistry registry) {

    public static ServiceRuntime create(String application) {
        return create(application, new VertxOptions());
    }

    public static ServiceRuntime create(String application, VertxOptions options) {
        return create(application, options, true);
    }

    /**
     * @param httpServerMetrics false to leave out vertx-micrometer's per-request HTTP server meters
     *                          ({@code vertx_http_server_*}): it looks four meters up in the registry for every
     *                          request, a visible share of serving's CPU (BENCHMARKS.md), so serving counts its answers itself
     */
    public static ServiceRuntime create(String application, VertxOptions options, boolean httpServerMetrics) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", application)
                // Micrometer's binders name these in ms/ns or with a _count suffix, which promtool flags as
                // non-base units or a counter-like gauge; the same facts are in jvm_/process_ meters it accepts
                .meterFilter(MeterFilter.denyNameStartsWith("jvm.compilation.time"))
                .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"));
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE));
        if (!httpServerMetrics) {
            metrics.addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER);
        }
        Vertx vertx = Vertx.builder()
                .with(options.setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        return new ServiceRuntime(vertx, registry);
    }
}
