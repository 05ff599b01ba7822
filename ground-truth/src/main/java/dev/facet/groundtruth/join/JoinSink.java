package dev.facet.groundtruth.join;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.groundtruth.quality.ModelSnapshot;

import java.util.Map;

/**
 * Everything the join loop reports: the joiner's outcomes ({@link JoinEvents}), the records it could not read,
 * and its state after each batch. Declared here so that the loop knows nothing of who listens (the service's
 * state, which the HTTP side and the metrics read); all calls come from the joiner's thread.
 */
public interface JoinSink extends JoinEvents {

    /** A prediction read, of a model whose bundle was found: the denominator of the feedback coverage. */
    void predictionSeen(String model, boolean counted);

    /** A prediction of a model (name, version) with no bundle in the repository: counted and skipped. */
    void unknownModel(boolean counted);

    /** A record of {@code topic} that is not a valid event, processed for the first time. */
    void malformed(String topic, EventFormatException.Reason reason);

    /**
     * Every model's quality and the join state after a batch; {@code replaying} while the state is rebuilt after a
     * start.
     */
    void published(Map<String, ModelSnapshot> snapshots, Joiner.Stats stats, boolean replaying);
}
