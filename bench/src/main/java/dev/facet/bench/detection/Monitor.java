package dev.facet.bench.detection;

import java.util.List;

/**
 * One detector watching one stream: fed the stream a window at a time, it says after each window whether its
 * alarm is up. A monitor keeps whatever state its service keeps between windows, so a fresh one is made per stream.
 *
 * @param <E> one event of the stream
 */
public interface Monitor<E> {

    boolean window(List<E> events);
}
