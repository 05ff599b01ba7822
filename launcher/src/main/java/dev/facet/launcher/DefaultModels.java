package dev.facet.launcher;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;
import dev.facet.trainer.TrainCommand;
import dev.facet.trainer.data.TaskType;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The two models the local stack serves out of the box, trained into the model repository on first run, each only
 * when the repository lacks it (an existing version is never retrained or replaced):
 * <ul>
 *   <li>{@code <root>/diamond-price-rf/1}: the diamond-price regressor, the trainer's default recipe;</li>
 *   <li>{@code <root>/penguins/1}: the penguin-species classifier, the generic train command's recipe
 *       ({@code train --data penguins --target species --task classification --name penguins}), schema inferred.</li>
 * </ul>
 * Both with the same {@link ForestConfig} (the default one, seeded), so a fresh checkout trains the same models
 * every time. A root in an older layout ({@code <root>/<version>/}, or a bundle itself) is left as it is and served
 * as one model: moving a user's files is theirs to do, so this says how ({@link #migrationHint}).
 */
final class DefaultModels {

    static final String DIAMONDS = ForestTrainer.DEFAULT_NAME;
    static final String PENGUINS = "penguins";
    static final String VERSION = "1";

    private DefaultModels() {
    }

    /** What {@link #ensure} found or did. */
    record Outcome(Optional<Path> olderLayout, List<Path> trained) {
    }

    /**
     * Trains whichever of the two models {@code root} lacks, unless {@code root} is in an older layout (then nothing
     * is trained and {@link Outcome#olderLayout} names its bundle). Blocking: training takes seconds to a minute.
     */
    static Outcome ensure(Path root, ForestConfig config, Consumer<String> say) throws IOException {
        Optional<Path> older = BundleMetadata.resolve(root);
        if (older.isPresent()) {
            return new Outcome(older, List.of());
        }
        List<Path> trained = new ArrayList<>();
        if (BundleMetadata.resolve(root.resolve(DIAMONDS)).isEmpty()) {
            say.accept("no " + DIAMONDS + " under " + root + ": training the diamond-price forest (under a minute) ...");
            trained.add(TrainCommand.trainTo(root.resolve(DIAMONDS).resolve(VERSION), config, DIAMONDS, VERSION, null));
        }
        if (BundleMetadata.resolve(root.resolve(PENGUINS)).isEmpty()) {
            say.accept("no " + PENGUINS + " under " + root + ": training the penguin-species classifier (seconds) ...");
            Path dir = root.resolve(PENGUINS).resolve(VERSION);
            // the trainer's progress lines on the console, as the diamonds' are (not closed: it is System.out)
            PrintWriter log = new PrintWriter(System.out, true);
            TrainCommand.trainGeneric(dir, "penguins", "species", TaskType.CLASSIFICATION, null, Set.of(), config,
                    PENGUINS, VERSION, log);
            log.flush();
            trained.add(dir);
        }
        return new Outcome(Optional.empty(), trained);
    }

    /**
     * What to say about a one-model root, whose bundle is model {@code name}: that it is served as it is, and the
     * command that moves it into the repository layout, so that the next run adds the other default model beside it.
     */
    static String migrationHint(Path root, Path bundle, String name) {
        return root + " is in the older one-model layout (" + bundle + "); serving it as it is. To serve the default"
                + " models side by side, move it into the repository layout <root>/<name>/<version>: "
                + migrationCommand(root, bundle, name) + " (the next ./run.sh then trains what is missing beside it)";
    }

    /** The shell command that moves the one-model root's bundle to {@code <root>/<name>/<version>}. */
    static String migrationCommand(Path root, Path bundle, String name) {
        if (bundle.equals(root)) {
            Path staging = root.resolveSibling(root.getFileName() + ".new");
            return "mkdir -p " + quoted(staging.resolve(name)) + " && mv " + quoted(root) + " "
                    + quoted(staging.resolve(name).resolve(VERSION)) + " && mv " + quoted(staging) + " " + quoted(root);
        }
        return "mkdir -p " + quoted(root.resolve(name)) + " && mv " + quoted(bundle) + " "
                + quoted(root.resolve(name).resolve(bundle.getFileName()));
    }

    private static String quoted(Path p) {
        return "'" + p + "'";
    }
}
