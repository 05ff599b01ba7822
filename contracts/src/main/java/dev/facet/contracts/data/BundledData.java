package dev.facet.contracts.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The data sets committed under {@code data/} and carried in this jar, each with the SHA-256 of its
 * uncompressed CSV as committed (see {@code data/README.md}), so that training never reads files outside the
 * project and a corrupted or edited copy is refused rather than trained on.
 */
public enum BundledData {

    DIAMONDS("diamonds", DiamondsCsv.BUNDLED_SHA256, "ggplot2 diamonds",
            "npm @observablehq/sample-datasets 1.0.1, diamonds.csv", "ISC (package); data from ggplot2 (MIT)"),
    PENGUINS("penguins", "dfee817d1c1422363886dfd1897b3bed1a54ff9a3a6b223b5b7900a88e55a24d", "Palmer penguins",
            "npm @observablehq/sample-datasets 1.0.1, penguins.csv",
            "ISC (package); data from Gorman, Williams and Fraser (2014), palmerpenguins (CC0)");

    private final String key;
    private final String sha256;
    private final String title;
    private final String origin;
    private final String licence;

    BundledData(String key, String sha256, String title, String origin, String licence) {
        this.key = key;
        this.sha256 = sha256;
        this.title = title;
        this.origin = origin;
        this.licence = licence;
    }

    /** The name a user types ({@code --data penguins}). */
    public String key() {
        return key;
    }

    public String sha256() {
        return sha256;
    }

    /** The data set's usual name, for the model card. */
    public String title() {
        return title;
    }

    /** Where the committed copy came from. */
    public String origin() {
        return origin;
    }

    public String licence() {
        return licence;
    }

    /** The classpath resource, e.g. {@code /dev/facet/data/penguins.csv.gz}. */
    public String resource() {
        return "/dev/facet/data/" + key + ".csv.gz";
    }

    /** The data set called {@code key}, if one is bundled. */
    public static Optional<BundledData> named(String key) {
        return Arrays.stream(values()).filter(d -> d.key.equals(key)).findFirst();
    }

    /** The committed copy as a {@link Table}, checksum verified. */
    public Table table() {
        Table table = CsvTables.parse(bytes(), "bundled " + key + ".csv.gz");
        if (!sha256.equals(table.sha256())) {
            throw new DataFormatException(table.source() + " has SHA-256 " + table.sha256() + " but " + sha256
                    + " was committed: the file is corrupt or was changed");
        }
        return table;
    }

    /** The gzip bytes of the committed copy. */
    byte[] bytes() {
        byte[] raw;
        try (InputStream in = BundledData.class.getResourceAsStream(resource())) {
            if (in == null) {
                throw new DataFormatException("the bundled data set " + resource() + " is missing from the classpath");
            }
            raw = in.readAllBytes();
        } catch (IOException e) {
            throw new DataFormatException("cannot read the bundled data set " + resource() + ": " + e.getMessage());
        }
        return raw;
    }
}
