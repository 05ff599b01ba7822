package dev.facet.kafka;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the child broker JVM: runs {@code kafka.Kafka} and exits when the parent JVM is gone.
 *
 * <p>The parent keeps the write end of this process's stdin open and never writes to it. When the parent
 * ends in any way, even {@code kill -9}, the operating system closes that pipe, the read below returns
 * end-of-stream, and {@code System.exit} runs Kafka's shutdown hook: a graceful stop. A broker therefore
 * never outlives the JVM that started it and never keeps its ports from the next test run.
 */
final class BrokerProcessMain {

    private BrokerProcessMain() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> exitAtEndOf(System.in), "facet-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }

    private static void exitAtEndOf(InputStream parentPipe) {
        try {
            while (parentPipe.read() != -1) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-stream: the parent is gone
        }
        // also seen on a normal stop: Process.destroy() closes the pipe as it sends SIGTERM
        System.out.println("facet-kafka: stdin closed (stopped, or the parent JVM is gone); stopping the broker");
        System.exit(0);
    }
}
