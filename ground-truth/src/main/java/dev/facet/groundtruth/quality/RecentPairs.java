package dev.facet.groundtruth.quality;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code keep} matched pairs of each model, for {@code GET /models/{name}/pairs} (retraining data).
 * Memory is bounded: {@code keep} pairs per model, each holding its prediction event (features included).
 *
 * <p>Threads: the joiner's thread adds and clears; HTTP reads a copy. Every method holds the lock for the copy
 * of at most {@code keep} references, microseconds, which is why a plain lock is fine here.
 */
public final class RecentPairs {

    private final int keep;
    private final Map<String, ArrayDeque<MatchedPair>> byModel = new HashMap<>();

    public RecentPairs(int keep) {
        this.keep = keep;
    }

    public int keep() {
        return keep;
    }

    public synchronized void add(MatchedPair p) {
        ArrayDeque<MatchedPair> q = byModel.computeIfAbsent(p.model(), m -> new ArrayDeque<>());
        q.addLast(p);
        while (q.size() > keep) {
            q.removeFirst();
        }
    }

    public synchronized void clear() {
        byModel.clear();
    }

    /** The pairs of {@code model} whose actual was received in {@code [fromMillis, toMillis)}, oldest first. */
    public synchronized List<MatchedPair> between(String model, long fromMillis, long toMillis) {
        List<MatchedPair> out = new ArrayList<>();
        for (MatchedPair p : byModel.getOrDefault(model, new ArrayDeque<>())) {
            if (p.receivedAtMillis() >= fromMillis && p.receivedAtMillis() < toMillis) {
                out.add(p);
            }
        }
        out.sort(null);
        return out;
    }
}
