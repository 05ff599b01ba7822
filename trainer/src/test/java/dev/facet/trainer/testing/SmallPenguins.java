package dev.facet.trainer.testing;

import dev.facet.forest.ModelBundle;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.TrainCommand;
import dev.facet.trainer.data.TaskType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The shared small classifier beside {@link SmallModel}: a species classifier trained by the generic train command
 * ({@link TrainCommand#trainGeneric}, schema inferred) on the committed Palmer penguins, which have real missing
 * values, written as a real bundle into a temporary folder as {@code <folder>/penguins/1}. Trained once per test JVM
 * on first use; {@link ForestConfig#SMALL}, so that a module pays little for it.
 */
public final class SmallPenguins {

    public static final String NAME = "penguins";
    public static final String VERSION = "1";

    private SmallPenguins() {
    }

    /** The bundle's own folder. */
    public static Path dir() {
        return Trained.DIR;
    }

    /** The bundle read back from disk, Tribuo model included. */
    public static ModelBundle bundle() {
        return Loaded.BUNDLE;
    }

    /**
     * Copies this model into the repository {@code root} as {@code root/penguins/<version>} (a bundle's files are
     * self-contained, so a copy is a valid bundle of the same version).
     */
    public static Path copyInto(Path root) throws IOException {
        Path target = root.resolve(NAME).resolve(VERSION);
        Files.createDirectories(target);
        try (var files = Files.list(dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    private static final class Trained {
        static final Path DIR = train();

        private static Path train() {
            try {
                Path dir = Files.createTempDirectory("facet-penguins-").resolve(NAME).resolve(VERSION);
                StringWriter log = new StringWriter();
                TrainCommand.trainGeneric(dir, "penguins", "species", TaskType.CLASSIFICATION, null, Set.of(),
                        ForestConfig.SMALL, NAME, VERSION, new PrintWriter(log));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Loaded {
        static final ModelBundle BUNDLE = ModelBundle.load(dir());
    }
}
