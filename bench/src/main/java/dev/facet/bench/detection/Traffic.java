package dev.facet.bench.detection;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Where the windows of a stream come from: {@code windowSize} events of clean traffic, or of the drifted scenario,
 * drawn from {@code random} so a seed fixes the stream.
 *
 * @param <E> one event of the stream
 */
public interface Traffic<E> {

    List<E> window(boolean drifted, SplittableRandom random);
}
