package dev.facet.serving.inference;

import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.serving.inference.ReloadRefusedException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The models one serving process answers for, read from {@code model.dir}, each behind its own
 * {@link AtomicReference} and {@link ModelReloader}, so that a reload swaps one model with zero downtime and leaves
 * the others alone.
 *
 * <p>Two layouts. The repository, {@code <root>/<name>/<version>/}: every model found (or the ones {@code models}
 * names), newest version of each. The old layout, {@code <root>/<version>/} or a bundle in {@code <root>} itself
 * (what {@code ./run.sh}, Compose and the older tests use): one model, named by its manifest. A root is the old
 * layout when it holds a bundle itself or in a direct sub-directory.
 *
 * <p>One model is the default, served by the original routes; it is chosen once at start and stays (a client of
 * {@code /predict} must not find itself talking to another model after someone adds a bundle). A model added
 * later is found by {@link #reload} of its name; until its first load completes it is {@link Slot#loading}.
 */
public final class ModelRepository {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

    /** One model: what is served now, and how to replace it. */
    public static final class Slot {
        private final String name;
        private final AtomicReference<LoadedModel> model;
        private final ModelReloader reloader;
        private final Path dir;

        Slot(String name, Path dir, AtomicReference<LoadedModel> model, BiConsumer<LoadedModel, LoadedModel> onSwap,
             Function<Path, LoadedModel> loader) {
            this.name = name;
            this.dir = dir;
            this.model = model;
            this.reloader = new ModelReloader(model, dir, onSwap, loader);
        }

        public String name() {
            return name;
        }

        /** The model served now; null while its first load runs. */
        public LoadedModel current() {
            return model.get();
        }

        public boolean loading() {
            return model.get() == null;
        }

        /** The version directories holding a bundle, oldest first (numeric versions as numbers). */
        public List<String> versions() {
            if (Files.isRegularFile(dir.resolve(BundleFiles.MANIFEST))) {
                LoadedModel m = model.get();
                return m == null ? List.of() : List.of(m.version());
            }
            try (Stream<Path> children = Files.list(dir)) {
                return children.filter(p -> Files.isRegularFile(p.resolve(BundleFiles.MANIFEST)))
                        .map(p -> p.getFileName().toString()).sorted(ModelRepository::compareVersions).toList();
            } catch (IOException e) {
                return List.of(); // the directory went away: the model still serves what it loaded
            }
        }
    }

    private final Path root;
    private final boolean singleModel;
    private final List<String> wanted;
    private final Map<String, Slot> slots = new ConcurrentSkipListMap<>();
    private final String defaultName;
    private final Swaps onSwap;
    private final Function<Path, LoadedModel> loader;

    /** Told of every model swapped in: a reload, or the first load of a model added to the repository. */
    @FunctionalInterface
    public interface Swaps {
        /** @param isDefault whether {@code model} is the one behind the original routes */
        void loaded(LoadedModel model, boolean isDefault);
    }

    private ModelRepository(Path root, boolean singleModel, List<String> wanted, String defaultName, Swaps onSwap,
                            Function<Path, LoadedModel> loader) {
        this.loader = loader;
        this.root = root;
        this.singleModel = singleModel;
        this.wanted = wanted;
        this.defaultName = defaultName;
        this.onSwap = onSwap;
    }

    /**
     * Loads every model of {@code root} (blocking: a worker's job, as at start). Fails with a
     * {@link ModelLoader.NoModelException} when there is none, and with the loader's exception when one of them does
     * not load (a repository is all served or not started: a half-served one would hide the broken bundle).
     *
     * @param wanted       names to serve; empty: every model found
     * @param defaultModel the default's name; empty: {@code usualDefault} if served, else the first by name
     * @param onSwap       called after each swap of any model (the metrics resolve its meters); not for the models
     *                     loaded here, which {@link #slots} lists
     * @param loader       how a reload loads a bundle directory: {@link ModelLoader#loadBundle}, which tests wrap
     *                     to hold a load while they look at the model loading
     */
    public static ModelRepository load(Path root, List<String> wanted, String defaultModel, String usualDefault,
                                       Swaps onSwap, Function<Path, LoadedModel> loader) {
        boolean single = singleModel(root);
        Map<String, LoadedModel> loaded = new ConcurrentSkipListMap<>();
        Map<String, Path> dirs = new ConcurrentSkipListMap<>();
        if (single) {
            LoadedModel m = ModelLoader.load(root);
            loaded.put(m.name(), m);
            dirs.put(m.name(), root);
        } else {
            for (Path dir : modelDirs(root)) {
                String name = dir.getFileName().toString();
                if (!wanted.isEmpty() && !wanted.contains(name)) {
                    continue;
                }
                loaded.put(name, ModelLoader.load(dir));
                dirs.put(name, dir);
            }
        }
        List<String> missing = wanted.stream().filter(n -> !loaded.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new BundleException("models " + missing + " (setting 'models') are not in " + root.toAbsolutePath()
                    + "; found " + loaded.keySet());
        }
        if (loaded.isEmpty()) {
            throw new ModelLoader.NoModelException(root);
        }
        String def;
        if (!defaultModel.isEmpty()) {
            if (!loaded.containsKey(defaultModel)) {
                throw new BundleException("default.model '" + defaultModel + "' is not among the models served "
                        + loaded.keySet());
            }
            def = defaultModel;
        } else {
            def = loaded.containsKey(usualDefault) ? usualDefault : loaded.keySet().iterator().next();
        }
        ModelRepository repo = new ModelRepository(root, single, wanted, def, onSwap, loader);
        loaded.forEach((name, m) -> repo.slots.put(name, repo.slot(name, dirs.get(name), m)));
        LOG.info("serving {} model(s) {} from {} ({} layout); default {}", loaded.size(), loaded.keySet(), root,
                single ? "single-model" : "repository", def);
        return repo;
    }

    private Slot slot(String name, Path dir, LoadedModel initial) {
        boolean isDefault = name.equals(defaultName);
        return new Slot(name, dir, new AtomicReference<>(initial), (old, now) -> onSwap.loaded(now, isDefault), loader);
    }

    /** A root holding a bundle itself or in a direct sub-directory: the layout before repositories. */
    private static boolean singleModel(Path root) {
        return BundleMetadata.resolve(root).isPresent();
    }

    /** The sub-directories of the root that hold at least one version with a bundle, by name. */
    private static List<Path> modelDirs(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            List<Path> dirs = new ArrayList<>();
            children.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted()
                    .forEach(dirs::add);
            for (Path d : dirs) {
                // refused, not skipped: a repository is served whole or not at all, never half-loaded
                if (!validName(d.getFileName().toString())) {
                    throw new BundleException("repository entry " + d + " is not a model: its name must match "
                            + "[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
                }
                if (BundleMetadata.resolve(d).isEmpty()) {
                    throw new BundleException("repository entry " + d + " is not a model: it holds no bundle "
                            + "(no <version>/" + BundleFiles.MANIFEST + ")");
                }
            }
            return dirs;
        } catch (IOException e) {
            throw new BundleException("cannot list model repository " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean validName(String name) {
        try {
            BundleMetadata.checkVersion(name); // the same alphabet: a name is a directory too
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String defaultName() {
        return defaultName;
    }

    /** The default model's reference: the original routes read it, as they did before there were several. */
    public AtomicReference<LoadedModel> defaultReference() {
        return slots.get(defaultName).model;
    }

    /** The model called {@code name}, if it is served (or loading). */
    public Optional<Slot> slot(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(slots.get(name));
    }

    /** Every model served or loading, by name. */
    public List<Slot> slots() {
        return List.copyOf(slots.values());
    }

    public List<String> names() {
        return List.copyOf(slots.keySet());
    }

    /**
     * Reloads model {@code name} ({@code version}, or its newest), on a worker, swapping only that model. A name
     * not served yet whose directory is now in the repository is added: it answers 503 while it loads, then
     * serves. Refused (the {@link ReloadRefusedException}'s reasons) as one model's reload is.
     */
    public Future<LoadedModel> reload(Vertx vertx, String name, Optional<String> version) {
        Slot slot = slots.get(name);
        if (slot == null) {
            Optional<Path> dir = newModelDir(name);
            if (dir.isEmpty()) {
                return Future.failedFuture(new ReloadRefusedException(Reason.NO_SUCH_BUNDLE, "no model '"
                        + shorten(name) + "' in the repository " + root.toAbsolutePath() + "; serving " + names()));
            }
            Slot fresh = slot(name, dir.get(), null);
            Slot raced = slots.putIfAbsent(name, fresh);
            if (raced == null) {
                return fresh.reloader.reload(vertx, version).onFailure(e -> {
                    if (fresh.current() == null) {
                        slots.remove(name, fresh); // its first load failed: neither served nor loading
                    }
                });
            }
            slot = raced; // another request added it meanwhile: reload as any served model (refused while loading)
        }
        return slot.reloader.reload(vertx, version);
    }

    private Optional<Path> newModelDir(String name) {
        if (singleModel || name == null || !validName(name) || (!wanted.isEmpty() && !wanted.contains(name))) {
            return Optional.empty();
        }
        Path dir = root.resolve(name);
        return Files.isDirectory(dir) && BundleMetadata.resolve(dir).isPresent() ? Optional.of(dir) : Optional.empty();
    }

    /** As the bundle resolver orders versions: numeric ones as numbers and before the others, which go as text. */
    static int compareVersions(String a, String b) {
        boolean an = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean bn = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        return an != bn ? (an ? -1 : 1) : a.compareTo(b);
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
