package dev.facet.simulator.traffic;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.schema.Task;
import dev.facet.simulator.scenario.BadInput;
import dev.facet.simulator.scenario.Bodies;
import dev.facet.simulator.scenario.HeldOut;
import dev.facet.simulator.scenario.Mode;
import dev.facet.simulator.scenario.Preset;
import dev.facet.simulator.scenario.SchemaBodies;
import dev.facet.simulator.scenario.PlannedRequest;
import dev.facet.simulator.scenario.Scenario;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator against a real HTTP server that records what arrives (no services, no Kafka needed). */
@ExtendWith(VertxExtension.class)
class TrafficRunTest {

    private static HeldOut rows;

    @BeforeAll
    static void loadRows() {
        rows = HeldOut.diamonds(DiamondsCsv.loadBundled().rows().subList(0, 2_000));
    }

    private static TrafficPlan plan(String url, long total, Duration feedbackDelay, double feedbackShare) {
        return new TrafficPlan(URI.create(url), URI.create(url + "/"), 100, total, feedbackDelay, feedbackShare,
                4, 1, Duration.ofSeconds(10), Duration.ofSeconds(30), 42, "");
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void sendsEveryRequestCountsBadInputAndPostsFeedbackAfterTheDelay(Vertx vertx, VertxTestContext test) {
        Duration delay = Duration.ofMillis(300);
        new RecordingServer(0).start(vertx).onComplete(test.succeeding(server -> {
            TrafficRun run = TrafficRun.start(vertx, plan(server.url(), 150, delay, 1.0), new BadInput(rows, 0.3));
            run.completion().onComplete(test.succeeding(s -> test.verify(() -> {
                assertThat(server.predictions).hasSize(150).allSatisfy(p -> assertThat(p.model()).isEmpty());
                long invalidAtServer = server.predictions.stream().filter(p -> !p.valid()).count();
                long validAtServer = 150 - invalidAtServer;
                assertThat(invalidAtServer).as("about 30% invalid").isBetween(25L, 75L);

                assertThat(s.sent()).isEqualTo(150);
                assertThat(s.ok()).isEqualTo(validAtServer);
                assertThat(s.clientErrors()).isEqualTo(invalidAtServer);
                assertThat(s.badSent()).isEqualTo(invalidAtServer);
                assertThat(s.badRejected()).isEqualTo(invalidAtServer);
                assertThat(s.badAccepted()).isZero();
                assertThat(s.serverErrors() + s.transportErrors() + s.abandoned()).isZero();
                assertThat(s.roundTrip().count()).isEqualTo(150);
                assertThat(s.failed()).isFalse();
                // what the server judged invalid is exactly what the simulator meant to be invalid
                assertThat(server.predictions.stream().filter(p -> !p.valid()))
                        .allSatisfy(p -> assertThat(Bodies.isValidDiamond(p.body())).isFalse());

                // one feedback per valid prediction, never before its prediction's response plus the delay
                assertThat(server.feedback).hasSize((int) validAtServer);
                assertThat(s.feedbackSent()).isEqualTo(validAtServer);
                assertThat(s.feedbackOk()).isEqualTo(validAtServer);
                assertThat(server.feedback).allSatisfy(f -> {
                    RecordingServer.Predict p = server.byId.get(f.predictionId());
                    assertThat(p).as("feedback for a prediction the server made").isNotNull();
                    assertThat(f.arrivedNanos() - p.respondedNanos()).isGreaterThanOrEqualTo(delay.toNanos());
                    assertThat((Double) f.actual()).isPositive();
                });
                assertThat(server.feedback.stream().map(RecordingServer.Feedback::predictionId).distinct())
                        .hasSize((int) validAtServer);
                test.completeNow();
            })));
        }));
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void aClassifiersRowsGoToItsRouteAndItsActualLabelsToTheFeedback(Vertx vertx, VertxTestContext test) {
        BundleMetadata meta = BundleMetadata.load(SmallPenguins.dir());
        HeldOut penguins = HeldOut.fromTable(meta.schema(), BundledData.PENGUINS.table(), meta.heldOut().rows());
        List<String> labels = ((Task.Classification) meta.schema().task()).labels();
        Scenario drift = Preset.MISSING_SURGE.of(penguins, Mode.SUDDEN);
        new RecordingServer(0, body -> SchemaBodies.problems(meta.schema(), body).isEmpty()).start(vertx)
                .onComplete(test.succeeding(server -> {
                    TrafficPlan plan = plan(server.url(), 40, Duration.ZERO, 1.0).forModel("penguins");
                    TrafficRun.start(vertx, plan, drift).completion().onComplete(test.succeeding(s -> test.verify(() -> {
                        assertThat(server.predictions).hasSize(40).allSatisfy(p -> {
                            assertThat(p.model()).isEqualTo("penguins");
                            assertThat(p.valid()).as(p.body()).isTrue();
                        });
                        assertThat(server.feedback).hasSize(40).allSatisfy(f ->
                                assertThat(f.actual()).isInstanceOf(String.class).isIn(labels.toArray()));
                        assertThat(s.failed()).isFalse();
                        test.completeNow();
                    })));
                }));
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void everyConnectionIsWarmedUpBeforeTheFirstPrediction(Vertx vertx, VertxTestContext test) {
        new RecordingServer(0).start(vertx).onComplete(test.succeeding(server -> {
            TrafficPlan plan = plan(server.url(), 20, Duration.ZERO, 0);
            TrafficRun.start(vertx, plan, Scenario.replay(rows)).completion()
                    .onComplete(test.succeeding(s -> test.verify(() -> {
                        assertThat(server.healthChecks).hasSize(TrafficRun.warmUpRequests(plan))
                                .hasSize(TrafficVerticle.WARM_UP_ROUNDS * plan.connections());
                        long lastWarmUp = server.healthChecks.stream().mapToLong(Long::longValue).max().orElseThrow();
                        assertThat(server.predictions).hasSize(20).allSatisfy(p ->
                                assertThat(p.respondedNanos()).isGreaterThan(lastWarmUp));
                        // warm-up requests are neither sent requests nor latencies of the run
                        assertThat(s.sent()).isEqualTo(20);
                        assertThat(s.roundTrip().count()).isEqualTo(20);
                        test.completeNow();
                    })));
        }));
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void aStalledClientShowsAsItsOwnLatenessNotInTheRoundTrip(Vertx vertx, VertxTestContext test) {
        // the run's clock jumps 30 s while the first request is being drawn: the generator stalls, as a cold or
        // starved client does, without the test waiting. Every request is then late; no answer can take 30 s,
        // since the plan's 10 s timeout would make it a transport error instead of a round trip.
        long stall = TimeUnit.SECONDS.toNanos(30);
        AtomicLong offset = new AtomicLong();
        Scenario replay = Scenario.replay(rows);
        Scenario stallsOnce = new Scenario() {
            @Override
            public PlannedRequest next(double progress, SplittableRandom random) {
                offset.compareAndSet(0, stall);
                return replay.next(progress, random);
            }

            @Override
            public String describe() {
                return "replay, the clock jumping on the first draw";
            }
        };
        new RecordingServer(0).start(vertx).onComplete(test.succeeding(server -> {
            TrafficRun.start(vertx, plan(server.url(), 50, Duration.ZERO, 0), stallsOnce,
                            () -> System.nanoTime() + offset.get()).completion()
                    .onComplete(test.succeeding(s -> test.verify(() -> {
                        assertThat(s.transportErrors()).isZero();
                        assertThat(s.roundTrip().count()).isEqualTo(50);
                        assertThat(s.lateness().count()).isEqualTo(50);
                        assertThat(s.lateness().maxMs()).isGreaterThanOrEqualTo(30_000 * 0.999);
                        assertThat(s.lateness().p50Ms()).as("every request was due before the stall ended")
                                .isGreaterThan(29_000);
                        assertThat(s.roundTrip().maxMs()).isLessThan(10_000);
                        test.completeNow();
                    })));
        }));
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void serverErrorsAndUnreachableGroundTruthFailTheRun(Vertx vertx, VertxTestContext test) {
        new RecordingServer(10).start(vertx).onComplete(test.succeeding(server -> {
            // ground truth on a closed port: every feedback is a transport error
            TrafficPlan plan = new TrafficPlan(URI.create(server.url()), URI.create("http://127.0.0.1:9"), 200, 60,
                    Duration.ZERO, 0.5, 2, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), 7, "");
            TrafficRun.start(vertx, plan, Scenario.replay(rows)).completion()
                    .onComplete(test.succeeding(s -> test.verify(() -> {
                        assertThat(server.predictions).hasSize(60);
                        assertThat(s.serverErrors()).isEqualTo(6);
                        assertThat(s.ok()).isEqualTo(54);
                        assertThat(s.feedbackSent()).isBetween(1L, 53L);
                        assertThat(s.feedbackFailed()).isEqualTo(s.feedbackSent());
                        assertThat(s.failed()).isTrue();
                        test.completeNow();
                    })));
        }));
    }
}
