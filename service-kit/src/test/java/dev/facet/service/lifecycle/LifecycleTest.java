package dev.facet.service.lifecycle;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The skeleton on a real Vert.x: the order of start and stop, stopping once, and what a failed start closes. */
class LifecycleTest {

    private static final List<String> STARTED = List.of("config greeting=hello", "load on a worker",
            "deploy on an event loop", "start first", "start second");
    private static final List<String> STOPPED = List.of("stop second", "stop producer", "stop first",
            "stop client", "stop outside");

    @Test
    void stepsStartInOrderAndStopInReverseThenVertxCloses() throws Exception {
        Recorder service = new Recorder();
        Recorder.App app = started(service, new JsonObject());
        assertThat(service.events).containsExactlyElementsOf(STARTED);

        app.outside();
        app.stop().await(30, TimeUnit.SECONDS);
        assertThat(service.events.subList(STARTED.size() + 1, service.events.size())).containsExactlyElementsOf(STOPPED);
        assertThat(app.lifecycle.vertx().deploymentIDs()).isEmpty();
    }

    @Test
    void stoppingTwiceStopsEachPartOnceAndReturnsTheSameFuture() throws Exception {
        Recorder service = new Recorder();
        Recorder.App app = started(service, new JsonObject());
        app.outside();

        Future<Void> first = app.stop();
        Future<Void> second = app.stop();
        assertThat(second).isSameAs(first);
        second.await(30, TimeUnit.SECONDS);
        app.stop().await(30, TimeUnit.SECONDS);
        assertThat(service.events.stream().filter(e -> e.startsWith("stop "))).containsExactlyElementsOf(STOPPED);
    }

    @Test
    void aStepThatFailsOrThrowsIsLoggedAndTheOthersStillRunAndVertxCloses() throws Exception {
        Recorder service = new Recorder();
        service.failingSteps = Set.of("producer");
        service.throwingSteps = Set.of("client");
        Recorder.App app = started(service, new JsonObject());
        app.outside();

        app.stop().await(30, TimeUnit.SECONDS);
        assertThat(service.events.stream().filter(e -> e.startsWith("stop "))).containsExactlyElementsOf(STOPPED);
        assertThat(app.lifecycle.vertx().deploymentIDs()).isEmpty();
    }

    @Test
    void aDeployThatFailsStopsWhatStartedInReverseAndFailsWithTheReason() throws Exception {
        Recorder service = new Recorder();
        service.failIn = "deploy";
        assertThat(failure(service, new JsonObject())).hasMessage("deploy failed");
        assertThat(service.events).containsExactlyElementsOf(concat(STARTED,
                List.of("stop second", "stop producer", "stop first", "stop client")));
        assertThat(service.lifecycle.vertx().deploymentIDs()).isEmpty();
    }

    @Test
    void aLoadThatFailsClosesWhatItRegisteredAndNeverDeploys() throws Exception {
        Recorder service = new Recorder();
        service.failIn = "load";
        assertThat(failure(service, new JsonObject())).hasMessage("load failed");
        assertThat(service.events).containsExactly("config greeting=hello", "load on a worker", "stop client");
    }

    @Test
    void aBadSettingFailsBeforeAnythingIsOpened() throws Exception {
        Recorder service = new Recorder();
        service.failIn = "config";
        assertThat(failure(service, new JsonObject())).hasMessage("setting 'greeting' is wrong");
        assertThat(service.events).containsExactly("config greeting=hello");
        assertThat(service.lifecycle).isNull();

        Recorder typo = new Recorder();
        assertThat(failure(typo, new JsonObject().put("greting", "hi")))
                .hasMessageContaining("unknown setting 'greting'");
        assertThat(typo.events).isEmpty();
    }

    @Test
    void settingsGivenToStartOverrideTheDefaults() throws Exception {
        Recorder service = new Recorder();
        started(service, new JsonObject().put("greeting", "hi")).stop().await(30, TimeUnit.SECONDS);
        assertThat(service.events).startsWith("config greeting=hi");
    }

    @Test
    void mainReadsTheEnvironmentAndLeavesAHookThatStopsTheService() throws Exception {
        Recorder service = new Recorder();
        List<Thread> hooks = new ArrayList<>();
        assertThat(ServiceMain.launch(service, Map.of("LIFECYCLE_TEST_GREETING", "from-env"), hooks::add)).isZero();
        assertThat(service.events).startsWith("config greeting=from-env");
        assertThat(hooks).singleElement().extracting(Thread::getName).isEqualTo("lifecycle-test-shutdown");

        hooks.get(0).start();
        hooks.get(0).join(TimeUnit.SECONDS.toMillis(30));
        assertThat(hooks.get(0).isAlive()).isFalse();
        assertThat(service.events).endsWith("stop second", "stop producer", "stop first", "stop client");
        assertThat(service.lifecycle.vertx().deploymentIDs()).isEmpty();
    }

    @Test
    void mainAnswersAFailedStartWithExitCodeOneAndNoHook() {
        Recorder service = new Recorder();
        service.failIn = "deploy";
        List<Thread> hooks = new ArrayList<>();
        assertThat(ServiceMain.launch(service, Map.of(), hooks::add)).isEqualTo(1);
        assertThat(hooks).isEmpty();
        assertThat(service.events).endsWith("stop first", "stop client");

        assertThat(ServiceMain.launch(new Recorder(), Map.of("LIFECYCLE_TEST_HTTP_PORT", "eighty"), hooks::add))
                .isEqualTo(1);
        assertThat(hooks).isEmpty();
    }

    private static Recorder.App started(Recorder service, JsonObject overrides) throws Exception {
        return Lifecycle.start(service, overrides).await(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(Recorder service, JsonObject overrides) throws Exception {
        Future<Recorder.App> start = Lifecycle.start(service, overrides);
        ExecutionException e = (ExecutionException) catchThrowable(() ->
                start.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A service whose parts record what happens to them: a client opened in {@code load}, two verticles and a
     * producer registered between them in {@code deploy}; each part can be made to fail.
     */
    private static final class Recorder implements ServiceDefinition<JsonObject, String, Recorder.App> {

        final List<String> events = new CopyOnWriteArrayList<>();
        volatile Lifecycle lifecycle;
        String failIn = "";
        Set<String> failingSteps = Set.of();
        Set<String> throwingSteps = Set.of();

        final class App implements RunningService {
            final Lifecycle lifecycle;

            App(Lifecycle lifecycle) {
                this.lifecycle = lifecycle;
            }

            /** A verticle deployed behind the skeleton's back: only closing Vert.x stops it. */
            void outside() throws Exception {
                lifecycle.vertx().deployVerticle(new Recording("outside")).await(30, TimeUnit.SECONDS);
            }

            @Override
            public int httpPort() {
                return 0;
            }

            @Override
            public Future<Void> stop() {
                return lifecycle.stop();
            }
        }

        final class Recording extends VerticleBase {
            private final String name;

            Recording(String name) {
                this.name = name;
            }

            @Override
            public Future<?> start() {
                events.add("start " + name);
                return Future.succeededFuture();
            }

            @Override
            public Future<?> stop() {
                events.add("stop " + name);
                return Future.succeededFuture();
            }
        }

        @Override
        public String name() {
            return "lifecycle-test";
        }

        @Override
        public String defaults() {
            return "/lifecycle-defaults.json";
        }

        @Override
        public JsonObject config(JsonObject settings) {
            events.add("config greeting=" + settings.getString("greeting"));
            if (failIn.equals("config")) {
                throw new IllegalArgumentException("setting 'greeting' is wrong");
            }
            return settings;
        }

        @Override
        public String load(JsonObject config, Lifecycle lifecycle) {
            this.lifecycle = lifecycle;
            events.add(Context.isOnWorkerThread() ? "load on a worker" : "load elsewhere");
            lifecycle.onStop("client", () -> step("client"));
            if (failIn.equals("load")) {
                throw new IllegalStateException("load failed");
            }
            return "loaded";
        }

        @Override
        public Future<App> deploy(JsonObject config, String loaded, Lifecycle lifecycle) {
            events.add(Context.isOnEventLoopThread() ? "deploy on an event loop" : "deploy elsewhere");
            return lifecycle.deploy("first", new Recording("first"))
                    .compose(id -> {
                        lifecycle.onStop("producer", () -> step("producer"));
                        return lifecycle.deploy("second", () -> new Recording("second"),
                                new DeploymentOptions());
                    })
                    .compose(id -> failIn.equals("deploy")
                            ? Future.failedFuture(new IllegalStateException("deploy failed"))
                            : Future.succeededFuture(new App(lifecycle)));
        }

        private Future<Void> step(String name) {
            events.add("stop " + name);
            if (throwingSteps.contains(name)) {
                throw new IllegalStateException(name + " threw");
            }
            return failingSteps.contains(name) ? Future.failedFuture(name + " failed") : Future.succeededFuture();
        }
    }
}
