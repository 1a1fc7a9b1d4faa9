package org.cryograd.em.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.cryograd.io.MrcWriter;
import org.cryograd.io.StarBlock;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * The seeded stand-in for SHREC 2021: ten pairs (grand model {@code i}, tomogram {@code i}) and the DUAL paper's
 * unpaired split: noisy domain = tomograms 0-3, clean domain = grand models 4-7, test = tomogram 9 with grand model 9
 * as its ground truth. Pair 8 is in neither domain; the benchmark uses it to tune the baselines' parameters.
 *
 * <p>Randomness: the class templates come from {@code Rng(seed)}; pair {@code i} packs with
 * {@code Rng(seed * 1000003 + 2i + 1)} and draws its noise from {@code Rng(seed * 1000003 + 2i + 2)}, so each pair is
 * reproducible on its own.
 */
public final class SyntheticBenchmark {
    /** Number of pairs. */
    public static final int PAIRS = 10;
    /** Index of the held-out test pair. */
    public static final int TEST = 9;
    /** Index of the pair used for tuning baselines (in neither training domain). */
    public static final int TUNING = 8;

    private final SynthConfig config;
    private final long seed;
    private final List<ParticleTemplate> templates;
    private final List<BenchmarkPair> pairs;

    private SyntheticBenchmark(SynthConfig config, long seed, List<ParticleTemplate> templates, List<BenchmarkPair> pairs) {
        this.config = config;
        this.seed = seed;
        this.templates = List.copyOf(templates);
        this.pairs = List.copyOf(pairs);
    }

    /** Generates all ten pairs. */
    public static SyntheticBenchmark generate(SynthConfig config, long seed) {
        return generate(config, seed, i -> {});
    }

    /**
     * Generates all ten pairs, calling {@code pairDone} with each index as it finishes.
     */
    public static SyntheticBenchmark generate(SynthConfig config, long seed, IntConsumer pairDone) {
        List<ParticleTemplate> templates = ParticleTemplate.random(config, new Rng(seed));
        TomogramSimulator sim = new TomogramSimulator(config);
        List<BenchmarkPair> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            GrandModel m = GrandModelGenerator.generate(config, templates, new Rng(seed * 1000003L + 2L * i + 1));
            float[] tomo = sim.simulate(m.density(), new Rng(seed * 1000003L + 2L * i + 2));
            pairs.add(new BenchmarkPair(i, m, tomo));
            pairDone.accept(i);
        }
        return new SyntheticBenchmark(config, seed, templates, pairs);
    }

    /** The configuration. */
    public SynthConfig config() {
        return config;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The class templates shared by all grand models. */
    public List<ParticleTemplate> templates() {
        return templates;
    }

    /** All ten pairs, by index. */
    public List<BenchmarkPair> pairs() {
        return pairs;
    }

    /** Pair {@code i}. */
    public BenchmarkPair pair(int i) {
        if (i < 0 || i >= PAIRS) throw new IllegalArgumentException("SyntheticBenchmark.pair: index " + i + " not in [0, 10)");
        return pairs.get(i);
    }

    /** The noisy training domain: tomograms 0-3. */
    public List<float[]> noisyDomain() {
        return pairs.subList(0, 4).stream().map(BenchmarkPair::tomogram).toList();
    }

    /** The clean training domain: grand models 4-7. */
    public List<float[]> cleanDomain() {
        return pairs.subList(4, 8).stream().map(p -> p.model().density()).toList();
    }

    /** The test tomogram (9). */
    public float[] testTomogram() {
        return pairs.get(TEST).tomogram();
    }

    /** The test ground truth: grand model 9. */
    public GrandModel testTruth() {
        return pairs.get(TEST).model();
    }

    /** Volume shape {@code [nz, ny, nx]}. */
    public int[] shape() {
        return new int[] {config.nz(), config.ny(), config.nx()};
    }

    /**
     * Writes {@code grand_model_i.mrc}, {@code tomogram_i.mrc} (float32, voxel size from the configuration) and
     * {@code objects_i.star} (all objects: {@code _rlnCoordinateX/Y/Z} in voxels and {@code _rlnClassNumber}, plus a
     * {@code classes} block naming every class number) for every pair into {@code dir}, atomically.
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (BenchmarkPair p : pairs) {
            int[] s = shape();
            MrcWriter.write(dir.resolve("grand_model_" + p.index() + ".mrc"), Tensor.of(p.model().density(), s), config.voxelSizeA());
            MrcWriter.write(dir.resolve("tomogram_" + p.index() + ".mrc"), Tensor.of(p.tomogram(), s), config.voxelSizeA());
            objectsStar(p.model(), config.classes()).write(dir.resolve("objects_" + p.index() + ".star"));
        }
    }

    /** The STAR file of a grand model's objects (blocks {@code objects} and {@code classes}). */
    public static StarFile objectsStar(GrandModel model, int classes) {
        StarTable.Builder b = StarTable.builder("rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ", "rlnClassNumber");
        for (PlacedObject o : model.objects()) b.row(o.x(), o.y(), o.z(), o.classNumber(classes));
        StarTable.Builder names = StarTable.builder("rlnClassNumber", "cryogradClassName");
        for (int c = 0; c < classes; c++) names.row(c + 1, "class" + c);
        names.row(classes + 1, "vesicle");
        names.row(classes + 2, "fiducial");
        return StarFile.of(StarBlock.of("objects", b.build()), StarBlock.of("classes", names.build()));
    }
}
