package dev.facet.serving.prediction;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionIdsTest {

    @Test
    void idsAreDistinctVersion4UuidsInCanonicalForm() {
        PredictionIds generator = new PredictionIds();
        Set<String> seen = new HashSet<>();
        int[] bitsSet = new int[128];
        for (int request = 0; request < 200; request++) {
            String[] ids = generator.next(new int[] {1, 10, 63, 64, 500}[request % 5]);
            for (String id : ids) {
                UUID u = UUID.fromString(id);
                assertThat(u.toString()).isEqualTo(id);
                assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
                assertThat(u.version()).isEqualTo(4);
                assertThat(u.variant()).isEqualTo(2);
                assertThat(seen.add(id)).as("duplicate id %s", id).isTrue();
                for (int bit = 0; bit < 64; bit++) {
                    bitsSet[bit] += (int) (u.getMostSignificantBits() >>> bit & 1);
                    bitsSet[64 + bit] += (int) (u.getLeastSignificantBits() >>> bit & 1);
                }
            }
        }
        // every bit not fixed by the version (msb 12-15) or the variant (lsb 62-63) is set in about half the ids
        int n = seen.size();
        for (int bit = 0; bit < 128; bit++) {
            boolean fixed = (bit >= 12 && bit < 16) || bit >= 126;
            if (!fixed) {
                assertThat(bitsSet[bit]).as("bit %d", bit).isBetween(n * 45 / 100, n * 55 / 100);
            }
        }
    }
}
