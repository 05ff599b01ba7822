package dev.facet.simulator;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ServingLatencyTest {

    /** The shape Micrometer's Prometheus registry writes, with another endpoint and another metric around it. */
    private static String exposition(long under1ms, long under2ms, long under4ms, long all) {
        return String.join("\n",
                "# HELP prediction_latency_seconds Time to handle a prediction request",
                "# TYPE prediction_latency_seconds histogram",
                "prediction_latency_seconds_bucket{application=\"serving\",endpoint=\"predict\",le=\"0.001\"} " + under1ms,
                "prediction_latency_seconds_bucket{application=\"serving\",endpoint=\"predict\",le=\"0.002\"} " + under2ms,
                "prediction_latency_seconds_bucket{application=\"serving\",endpoint=\"predict\",le=\"0.004\"} " + under4ms,
                "prediction_latency_seconds_bucket{application=\"serving\",endpoint=\"predict\",le=\"+Inf\"} " + all,
                "prediction_latency_seconds_bucket{application=\"serving\",endpoint=\"batch\",le=\"0.001\"} 999",
                "prediction_latency_seconds_bucket{application=\"serving\",endpoint=\"batch\",le=\"+Inf\"} 999",
                "prediction_latency_seconds_count{application=\"serving\",endpoint=\"predict\"} " + all,
                "http_server_requests_seconds_bucket{endpoint=\"predict\",le=\"0.001\"} 5",
                "");
    }

    @Test
    void theP99OfTheRunIsInterpolatedInItsBucketAsHistogramQuantileDoes() {
        ServingLatency.Buckets before = ServingLatency.parse(exposition(10, 10, 10, 10));
        ServingLatency.Buckets after = ServingLatency.parse(exposition(510, 900, 1010, 1010));
        ServingLatency.Buckets run = after.minus(before);
        assertThat(run.count()).isEqualTo(1000);
        // rank 990 of 1000 lies in (2 ms, 4 ms], holding ranks 891..1000: 2 + 2 * (990 - 890) / 110 ms
        assertThat(run.quantile(0.99).orElseThrow()).isCloseTo(0.002 + 0.002 * 100 / 110, within(1e-12));
        // rank 250 in the first bucket: interpolated from 0
        assertThat(run.quantile(0.25).orElseThrow()).isCloseTo(0.0005, within(1e-12));
    }

    @Test
    void aRankInTheInfiniteBucketIsTheHighestFiniteBound() {
        ServingLatency.Buckets b = ServingLatency.parse(exposition(0, 0, 90, 100));
        assertThat(b.quantile(0.99).orElseThrow()).isEqualTo(0.004);
    }

    @Test
    void theLineSaysWhoseLatencyItIsOrWhyThereIsNone() {
        Optional<ServingLatency.Buckets> before = Optional.of(ServingLatency.parse(exposition(0, 0, 0, 0)));
        Optional<ServingLatency.Buckets> after = Optional.of(ServingLatency.parse(exposition(100, 100, 100, 100)));
        assertThat(ServingLatency.line(before, after))
                .startsWith("serving    its own p99 for POST /predict during the run: 0.99 ms over 100 requests")
                .contains("prediction_latency_seconds");
        assertThat(ServingLatency.line(Optional.empty(), after)).contains("not available");
        assertThat(ServingLatency.line(before, before)).contains("no POST /predict observed");
        assertThat(ServingLatency.parse("not a metric\n{}\n").count()).isZero();
    }
}
