package dev.facet.contracts.event;

/**
 * The Jackson-tree decoder that {@link EventCodec#decodePrediction} falls back to, for the codec benchmark's
 * baseline. It is package-private in contracts so that services have one way in; the benchmark reaches it from
 * this same package, which only the benchmark's jar adds.
 */
public final class EventCodecBaseline {

    private EventCodecBaseline() {
    }

    public static PredictionEvent decodeWithTree(byte[] bytes) throws EventFormatException {
        return EventCodec.decodePredictionTree(bytes);
    }
}
