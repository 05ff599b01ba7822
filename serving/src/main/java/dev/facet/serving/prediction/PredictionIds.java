package dev.facet.serving.prediction;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Prediction ids: random (version 4) UUIDs, as {@link UUID#randomUUID()} makes, from a cheaper source of the same
 * kind. The ids are the join key of ground truth, so they stay unguessable: the bytes come from a
 * {@code SecureRandom}, but the JDK's "DRBG" (NIST SP 800-90A Hash_DRBG, seeded by the system) rather than
 * {@code randomUUID}'s NativePRNG, drawn in bulk: a batch's ids from one call, single rows' from a per-thread
 * pool of {@value #POOL}, because a UUID from {@code randomUUID} a row was a visible share of serving's CPU
 * (figures: BENCHMARKS.md).
 *
 * <p>Thread-safe: one per service, owned by its {@link PredictionService}; the pools are per thread and per
 * instance, so two services in one JVM (tests, the local run) share no state.
 */
public final class PredictionIds {

    private final SecureRandom random = drbg();

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // every Java 9+ JDK has DRBG; the platform default is as good, only slower
        }
    }

    /** Ids a thread draws from one call to the generator when its requests are small (a single /predict). */
    static final int POOL = 256;

    /**
     * Per thread, random bytes for the next {@value #POOL} ids: a DRBG call has a fixed cost (two SHA-256
     * digests) that single-row requests would otherwise pay for each id.
     */
    private final ThreadLocal<ByteBuffer> pools = ThreadLocal.withInitial(() -> ByteBuffer.allocate(16 * POOL).position(16 * POOL));

    /** {@code n} new ids, canonical lower-case UUID strings. */
    public String[] next(int n) {
        ByteBuffer b;
        if (n >= POOL / 4) {
            byte[] bytes = new byte[16 * n];
            random.nextBytes(bytes);
            b = ByteBuffer.wrap(bytes);
        } else {
            b = pools.get();
            if (b.remaining() < 16 * n) {
                random.nextBytes(b.array());
                b.clear();
            }
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            long msb = b.getLong() & ~0xF000L | 0x4000L;                            // version 4
            long lsb = b.getLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L; // IETF variant
            ids[i] = new UUID(msb, lsb).toString();
        }
        return ids;
    }
}
