package dev.facet.drift.window;

import dev.facet.drift.stats.Reference;

/** An {@link EventBuffer} laid out for one model version's columns. */
final class Buffers {

    private Buffers() {
    }

    static EventBuffer of(int capacity, Reference r) {
        int[] categories = r.categorical().stream().mapToInt(c -> c.categories().size()).toArray();
        int labels = r.predictedLabel() == null ? 0 : r.predictedLabel().categories().size();
        return new EventBuffer(capacity, r.numeric().size(), categories, labels);
    }
}
