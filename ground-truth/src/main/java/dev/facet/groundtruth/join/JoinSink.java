package dev.facet.groundtruth.join;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.groundtruth.quality.QualitySnapshot;

/**
 * Everything the join loop reports: the joiner's outcomes ({@link JoinEvents}), the records it could not read,
 * and its state after each batch. Declared here so that the loop knows nothing of who listens (the service's
 * state, which the HTTP side and the metrics read); all calls come from the joiner's thread.
 */
public interface JoinSink extends JoinEvents {

    /** A record of {@code topic} that is not a valid event, processed for the first time. */
    void malformed(String topic, EventFormatException.Reason reason);

    /** The quality and join state after a batch; {@code replaying} while the state is rebuilt after a start. */
    void published(QualitySnapshot snapshot, Joiner.Stats stats, boolean replaying);
}
