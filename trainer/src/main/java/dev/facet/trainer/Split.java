package dev.facet.trainer;

import java.util.Arrays;
import java.util.Random;

/**
 * A seeded random 80/20 (or other) split of row indices. {@link Random} with a fixed seed is specified to give
 * the same sequence on every JVM, so the same seed selects the same held-out rows everywhere.
 *
 * @param train   sorted 0-based indices of the training rows
 * @param heldOut sorted 0-based indices of the held-out rows
 */
public record Split(int[] train, int[] heldOut) {

    public static Split of(int rows, double heldOutFraction, long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int held = (int) Math.round(rows * heldOutFraction);
        int[] heldOut = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, rows);
        Arrays.sort(heldOut);
        Arrays.sort(train);
        return new Split(train, heldOut);
    }
}
