package dev.facet.service.kafka;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * The one way Facet consumes Kafka: a plain {@code KafkaConsumer} owned by one thread that polls, hands each
 * batch to the service, and on stop commits and closes. Everything the subclass does runs on that thread, so
 * its state needs no locks and blocking calls (commitSync, offsetsForTimes, endOffsets) never reach an event
 * loop; rebalance callbacks run inside {@code poll}, before any record of a new assignment (README,
 * "Libraries").
 *
 * <p>A failed poll (the broker away, say) is reported through {@link #failed} and retried; a runtime exception
 * from the subclass ends the loop, logged, with {@link #ended} told.
 */
public abstract class ConsumerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    protected final KafkaConsumer<String, byte[]> consumer;
    private final String threadName;
    private final List<String> topics;
    private final Duration pollTimeout;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean running = true;

    /**
     * @param settings    {@link ConsumerSettings#of} and the service's own additions
     * @param pollTimeout how long a poll waits when there are no records: the resolution of the subclass's timers
     */
    protected ConsumerLoop(String threadName, Properties settings, List<String> topics, Duration pollTimeout) {
        this.threadName = threadName;
        this.topics = List.copyOf(topics);
        this.pollTimeout = pollTimeout;
        this.consumer = new KafkaConsumer<>(settings);
    }

    /** Starts the loop on a thread of its own. */
    public final void start() {
        Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        t.start();
    }

    /** Asks the loop to commit, close the consumer and end; completes when it has. */
    public final CompletableFuture<Void> stop() {
        running = false;
        consumer.wakeup();
        return stopped;
    }

    /** False once {@link #stop} was asked for or the loop ended. */
    protected final boolean isRunning() {
        return running;
    }

    /** True once the consumer is closed. */
    protected final boolean isStopped() {
        return stopped.isDone();
    }

    @Override
    public final void run() {
        try {
            consumer.subscribe(topics, rebalanceListener());
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(pollTimeout);
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    failed("poll failed: " + e);
                    continue;
                }
                polled(records);
            }
        } catch (WakeupException e) {
            // stop() during a blocking call of the subclass or a rebalance callback
        } catch (RuntimeException e) {
            LOG.error("{} ended unexpectedly", threadName, e);
            ended(e);
        } finally {
            try {
                commitOnStop();
            } catch (RuntimeException e) {
                LOG.warn("{}: final offset commit failed: {}", threadName, e.toString());
            }
            try {
                consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.warn("{}: closing the consumer: {}", threadName, e.toString());
            }
            running = false;
            stopped.complete(null);
        }
    }

    /** Called inside {@code poll} on assignment changes. */
    protected abstract ConsumerRebalanceListener rebalanceListener();

    /** One poll's records (possibly none): process them and run whatever is due. */
    protected abstract void polled(ConsumerRecords<String, byte[]> records);

    /** Commits synchronously what was processed; the loop is ending. */
    protected abstract void commitOnStop();

    /** A poll failed; the loop polls again. */
    protected abstract void failed(String message);

    /** The loop ended on an exception of the subclass. */
    protected void ended(RuntimeException e) {
        failed("loop ended: " + e);
    }
}
