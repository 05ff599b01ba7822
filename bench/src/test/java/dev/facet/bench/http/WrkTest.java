package dev.facet.bench.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WrkTest {

    private static final String OUTPUT = """
            Running 5s test @ http://127.0.0.1:42345/predict
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    12.64ms   10.22ms  95.13ms   80.12%
                Req/Sec     2.36k   312.45     3.01k    70.00%
              Latency Distribution
                 50%   12.64ms
                 75%   16.20ms
                 90%  850.00us
                 99%    1.20s
              23480 requests in 5.00s, 3.21MB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 7
            Requests/sec:   4696.12
            Transfer/sec:    657.14KB
            """;

    @Test
    void readsThroughputPercentilesInMillisecondsAndErrors() {
        Wrk.Result r = Wrk.parse(OUTPUT);
        assertThat(r.requestsPerSecond()).isCloseTo(4696.12, within(1e-9));
        assertThat(r.requests()).isEqualTo(23480);
        assertThat(r.p50Ms()).isCloseTo(12.64, within(1e-9));
        assertThat(r.p90Ms()).isCloseTo(0.85, within(1e-9));
        assertThat(r.p99Ms()).isCloseTo(1200, within(1e-9));
        assertThat(r.non2xx()).isEqualTo(7);
        assertThat(r.socketErrors()).isEqualTo(5);
    }

    @Test
    void refusesSomethingThatIsNotWrkOutput() {
        assertThatThrownBy(() -> Wrk.parse("wrk: command not found")).hasMessageContaining("not wrk output");
    }

    @Test
    void readsTheConstantRateResultLine() {
        var kv = ConstantRateResult.parse("offered=2347 achieved=2289.2 sent=11735 p99=8.4");
        assertThat(kv).containsEntry("offered", "2347").containsEntry("p99", "8.4").hasSize(4);
    }
}
