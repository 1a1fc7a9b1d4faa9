package org.cryograd.dual;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.cryograd.io.AtomicFiles;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsFile;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * A trained DUAL model: its {@link DualConfig} and {@link DualNetworks}, saved as a directory holding
 * {@code config.properties} (the config as text) and {@code weights.safetensors} (all six networks, PyTorch-style
 * names {@code dn.enc.0.0.weight}, ...). Uses: {@link #denoise} (Dn on whole tomograms), {@link #simulate}
 * (Gs + Gn with random codes), {@link #translate} (the same as denoise, named for domain adaptation and wedge
 * compensation, where the "clean" domain is any second set of volumes). Networks are in evaluation mode.
 */
public final class DualModel {
    /** Config file name inside a model directory. */
    public static final String CONFIG = "config.properties";
    /** Weights file name inside a model directory. */
    public static final String WEIGHTS = "weights.safetensors";

    /** Registration file inside a model directory (optional: absent means no correction). */
    public static final String REGISTRATION = "registration.properties";
    /** Shifts of at most this many voxels per axis are within the accuracy of the check and are not corrected. */
    public static final int SHIFT_TOLERANCE = 1;
    private static final double[] NO_SHIFT = {0, 0, 0};

    private final DualConfig config;
    private final DualNetworks nets;
    private final double[] dnShift, gsShift;

    /** Wraps trained networks (no registration correction). */
    public DualModel(DualConfig config, DualNetworks nets) {
        this(config, nets, NO_SHIFT, NO_SHIFT);
    }

    private DualModel(DualConfig config, DualNetworks nets, double[] dnShift, double[] gsShift) {
        this.config = config;
        this.nets = nets;
        this.dnShift = dnShift.clone();
        this.gsShift = gsShift.clone();
    }

    /**
     * This model correcting the translations that {@link Registration} measured for Dn ({@code dn}: its output against
     * its input) and Gs ({@code gs}: the simulation against its density map): inference reads each tile's input the
     * whole voxels of the shift ahead ({@link TiledInference}) and, for Dn, moves the output by the remaining fraction
     * ({@link SubVoxelShift}); the simulation is corrected to the nearest voxel only (interpolating a simulated
     * tomogram would lower its noise). Shifts within {@link #SHIFT_TOLERANCE} on every axis are left uncorrected.
     */
    public DualModel withShiftCorrection(double[] dn, double[] gs) {
        return new DualModel(config, nets, significant(dn), significant(gs));
    }

    private static double[] significant(double[] d) {
        if (d == null || d.length != 3) throw new IllegalArgumentException("DualModel: a shift is (dz, dy, dx), got " + java.util.Arrays.toString(d));
        for (double v : d) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("DualModel: shift " + java.util.Arrays.toString(d) + " is not finite");
            if (Math.abs(v) > SHIFT_TOLERANCE) return d.clone();
        }
        return NO_SHIFT;
    }

    /** The corrected Dn translation {@code (dz, dy, dx)} in voxels (zeros when none). */
    public double[] denoiserShift() {
        return dnShift.clone();
    }

    /** The corrected Gs translation {@code (dz, dy, dx)} in voxels (zeros when none; applied to the nearest voxel). */
    public double[] generatorShift() {
        return gsShift.clone();
    }

    /**
     * Measures how far this model's Dn output is translated against its input (single pass, on the central region of
     * at most 64^3 voxels of {@code noisy}), and its simulation against the density map {@code clean}, ignoring any
     * correction already set. See {@link Registration}.
     *
     * @return {@code [denoiser, generator]}
     */
    public Registration[] measureRegistration(Volume noisy, Volume clean, long seed) {
        DualModel raw = new DualModel(config, nets);
        Volume t = Registration.centre(noisy.standardized()), v = Registration.centre(clean.standardized());
        int max = config.patchSize() / 4;
        Registration dn = Registration.measure(raw.denoise(t).data(), t.data(), t.nz(), t.ny(), t.nx(), max);
        Registration gs = Registration.measure(raw.simulate(v, new Rng(seed)).data(), v.data(), v.nz(), v.ny(), v.nx(), max);
        return new Registration[] {dn, gs};
    }

    /** The configuration. */
    public DualConfig config() {
        return config;
    }

    /** The device the networks run on (the CPU after {@link #load(Path)}). */
    public Device device() {
        return nets.device();
    }

    /**
     * Moves the networks to {@code device}; denoising and simulation then run there (tiles are uploaded one at a
     * time and their outputs read back, so device memory holds one tile's activations).
     *
     * @return this model
     */
    public DualModel to(Device device) {
        nets.to(device);
        return this;
    }

    /**
     * This model with another inference tile overlap, sharing the networks: a larger overlap blends more tiles into
     * each voxel (smoother, slower: 16 instead of 8 on 32^3 tiles is 3.4x the tiles).
     *
     * @param overlap voxels shared by neighbouring tiles, in {@code [0, patchSize)}
     * @throws IllegalArgumentException outside that range (checked by {@link DualConfig})
     */
    public DualModel withTileOverlap(int overlap) {
        return new DualModel(config.withTileOverlap(overlap), nets, dnShift, gsShift);
    }

    /** The networks. */
    public DualNetworks networks() {
        return nets;
    }

    /**
     * Writes {@code dir/config.properties}, {@code dir/weights.safetensors} and {@code dir/registration.properties}, each atomically.
     *
     * @throws org.cryograd.nn.io.SafeTensorsException if a weight is NaN or infinite (naming the tensor); nothing is written
     */
    public void save(Path dir) throws IOException {
        // checked before anything is written, so a diverged model never replaces a good one, even in part
        SafeTensors.requireFinite(dir.resolve(WEIGHTS), nets.stateDict(), "refusing to write a non-finite model");
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder("# cryograd DUAL model configuration\n");
        config.toMap().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        AtomicFiles.write(dir.resolve(CONFIG), sb.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "cryograd.dual");
        meta.put("format_version", "1");
        SafeTensors.write(dir.resolve(WEIGHTS), nets.stateDict(), meta);
        saveRegistration(dir);
    }

    /** Writes (atomically) only {@code dir/registration.properties}, the shifts this model corrects. */
    public void saveRegistration(Path dir) throws IOException {
        String reg = "# translations corrected at inference (voxels, dz,dy,dx; see org.cryograd.dual.Registration)\n"
                + "denoiser.shift = " + join(dnShift) + "\ngenerator.shift = " + join(gsShift) + "\n";
        AtomicFiles.write(dir.resolve(REGISTRATION), reg.getBytes(StandardCharsets.UTF_8));
    }

    private static String join(double[] d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i > 0) sb.append(',');
            sb.append(d[i] == Math.rint(d[i]) ? Long.toString((long) d[i]) : Double.toString(d[i])); // round-trips exactly
        }
        return sb.toString();
    }

    private static double[] parseShift(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) return NO_SHIFT;
        String[] parts = v.trim().split("\\s*,\\s*");
        try {
            if (parts.length != 3) throw new NumberFormatException();
            double[] d = {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
            for (double c : d) if (!Double.isFinite(c)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": '" + key + "' = '" + v + "' is not three numbers dz,dy,dx (voxels)");
        }
    }

    /**
     * Reads a model directory written by {@link #save}.
     *
     * @throws IOException              if a file is missing or unreadable
     * @throws IllegalArgumentException naming the file and key when the config or weights do not fit
     */
    public static DualModel load(Path dir) throws IOException {
        Path cfgFile = dir.resolve(CONFIG), wFile = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(cfgFile)) throw new IOException(dir + ": not a DUAL model directory (no " + CONFIG + ")");
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(cfgFile, StandardCharsets.UTF_8)));
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
        DualConfig cfg = DualConfig.fromMap(m, cfgFile.toString());
        DualNetworks nets;
        try (MemoryScope s = MemoryScope.open()) {
            nets = new DualNetworks(cfg, new Rng(0));
            try (SafeTensorsFile f = SafeTensors.read(wFile)) {
                SafeTensors.requireFinite(wFile, f.tensors(), "the model is unusable");
                nets.loadStateDict(f.tensors(), true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(wFile + ": " + e.getMessage(), e);
            }
        }
        nets.eval();
        Path regFile = dir.resolve(REGISTRATION);
        if (!Files.isRegularFile(regFile)) return new DualModel(cfg, nets);
        Properties r = new Properties();
        r.load(new StringReader(Files.readString(regFile, StandardCharsets.UTF_8)));
        return new DualModel(cfg, nets, parseShift(r, "denoiser.shift", regFile), parseShift(r, "generator.shift", regFile));
    }

    /** {@link #load(Path)}, then {@link #to(Device)}. */
    public static DualModel load(Path dir, Device device) throws IOException {
        return load(dir).to(device);
    }

    private TiledInference tiler() {
        return new TiledInference(config.patchSize(), config.tileOverlap());
    }

    /**
     * Denoises a whole tomogram with Dn, one pass per tile: the input is standardised (its own mean and std), tiled,
     * and the output is returned in the clean domain's standardised units.
     */
    public Volume denoise(VolumeSource src) throws IOException {
        return denoise(src, Augment.NONE);
    }

    /**
     * {@link #denoise(VolumeSource)} averaged over flips (test-time augmentation): each tile goes through Dn once per
     * transform of {@code flips}, flipped before and flipped back after, and the outputs are averaged. With
     * {@link Augment#WEDGE_PRESERVING} (the transforms training used) this costs 4 network passes per tile and averages
     * out texture that the adversarial training leaves in a single pass; {@link Augment#NONE} is the plain single pass.
     *
     * @param flips the transforms to average over; use only flip sets that keep the data's missing wedge
     */
    public Volume denoise(VolumeSource src, Augment flips) throws IOException {
        return denoise(src, flips, null);
    }

    /**
     * {@link #denoise(VolumeSource, Augment)} that runs {@code beforeEachPass} before every pass of the denoiser over
     * one tile ({@code tiles × flips} passes in all): a hook for progress and cooperative cancellation, which may throw
     * to stop the run (the exception propagates; nothing is returned).
     *
     * @param beforeEachPass called on the calling thread before each network pass, or null
     */
    public Volume denoise(VolumeSource src, Augment flips, Runnable beforeEachPass) throws IOException {
        if (flips == null) throw new IllegalArgumentException("DualModel.denoise: flips is null (use Augment.NONE for a single pass)");
        double[] ms = VolumeSource.meanStd(src, config.patchSize());
        double inv = ms[1] > 0 ? 1 / ms[1] : 0;
        UnaryOperator<Tensor> dn = t -> {
            if (beforeEachPass != null) beforeEachPass.run();
            return nets.denoiser().forward(t.to(nets.device()));
        };
        return registeredAverage(tiler(), src, v -> (v - ms[0]) * inv, dn, flips, dnShift);
    }

    /**
     * Tiled {@code net} averaged over {@code flips}, for a network whose output is translated by {@code shift} in its
     * own frame: each flip's pass is then off by {@code shift} mirrored on the flipped axes, so each runs as its own
     * tiled pass reading its input the nearest whole number of voxels ahead, and its output is moved by the remaining
     * fraction ({@link SubVoxelShift}) before the passes are averaged. A zero shift is the single tiled pass with the
     * flips averaged per tile.
     */
    static Volume registeredAverage(TiledInference tiler, VolumeSource src, java.util.function.DoubleUnaryOperator transform, UnaryOperator<Tensor> net,
            Augment flips, double[] shift) throws IOException {
        if (java.util.Arrays.equals(shift, NO_SHIFT)) return tiler.apply(src, transform, flipAveraged(net, flips));
        float[] sum = null;
        Volume out = null;
        for (int i = 0; i < flips.count(); i++) {
            int[] axes = flips.flipAxes(i);
            double[] d = shift.clone();
            for (int a : axes) d[a] = -d[a];
            int[] whole = nearest(d);
            double[] rest = {d[0] - whole[0], d[1] - whole[1], d[2] - whole[2]};
            out = SubVoxelShift.linear(tiler.apply(src, transform, flipped(net, axes), whole), rest);
            if (sum == null) sum = out.data();
            else for (int k = 0; k < sum.length; k++) sum[k] += out.data()[k];
        }
        for (int k = 0; k < sum.length; k++) sum[k] /= flips.count();
        return new Volume(sum, out.nz(), out.ny(), out.nx());
    }

    /** Each component rounded to the nearest voxel (the rest is within ±1/2). */
    static int[] nearest(double[] d) {
        int[] n = new int[3];
        for (int i = 0; i < 3; i++) n[i] = (int) Math.round(d[i]);
        return n;
    }

    /** {@link #denoise(VolumeSource)} of an in-memory volume. */
    public Volume denoise(Volume v) {
        return denoise(v, Augment.NONE);
    }

    /** {@link #denoise(VolumeSource, Augment)} of an in-memory volume. */
    public Volume denoise(Volume v, Augment flips) {
        try {
            return denoise(VolumeSource.of(v), flips);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory volume source cannot fail", e);
        }
    }

    /** {@code net} averaged over the flips of {@code flips}, for {@code [1, 1, T, T, T]} tiles (spatial axes 2-4). */
    static UnaryOperator<Tensor> flipAveraged(UnaryOperator<Tensor> net, Augment flips) {
        if (flips.count() == 1 && flips.flipAxes(0).length == 0) return net;
        return t -> {
            Tensor sum = null;
            for (int i = 0; i < flips.count(); i++) {
                Tensor y = flipped(net, flips.flipAxes(i)).apply(t);
                sum = sum == null ? y : sum.add(y);
            }
            return sum.mul(1f / flips.count());
        };
    }

    /** {@code net} on tiles flipped along the spatial {@code axes} ({@code 0 = z}), flipped back after. */
    static UnaryOperator<Tensor> flipped(UnaryOperator<Tensor> net, int[] axes) {
        if (axes.length == 0) return net;
        int[] a = axes.clone();
        for (int k = 0; k < a.length; k++) a[k] += 2;
        return t -> net.apply(t.flip(a)).flip(a);
    }

    /**
     * Mean and covariance of the noise encoder's codes {@code E(t)} over {@code count} patches of the given volumes,
     * drawn as training draws them (each volume standardised, a random volume and corner per patch from {@code rng}),
     * without flips. The KL term (eq. 9) pulls these towards {@code N(0, I_K)}.
     *
     * @param volumes noisy-domain volumes, each at least a patch in every dimension
     * @param count   patches, >= 2
     */
    public CodeStatistics codeStatistics(java.util.List<Volume> volumes, int count, Rng rng) {
        return codeStatistics(volumes, count, rng, Augment.NONE);
    }

    /**
     * {@link #codeStatistics(java.util.List, int, Rng)} over patches flipped as training flips them ({@code flips}: a
     * random flip of the group per patch; {@link DualConfig#augment()} gives the distribution the KL term saw). A code
     * dimension that encodes the patch's orientation has a mean far from 0 without flips and near 0 with them.
     */
    public CodeStatistics codeStatistics(java.util.List<Volume> volumes, int count, Rng rng, Augment flips) {
        if (count < 2) throw new IllegalArgumentException("DualModel.codeStatistics: need at least 2 patches, got " + count);
        if (flips == null) throw new IllegalArgumentException("DualModel.codeStatistics: flips is null (Augment.NONE for none)");
        PatchSampler sampler = new PatchSampler(volumes, volumes, config.patchSize(), flips);
        int k = config.codeSize(), batch = 8;
        float[] codes = new float[count * k];
        for (int i = 0; i < count; i += batch) {
            int n = Math.min(batch, count - i);
            try (MemoryScope s = MemoryScope.open(); Grad g = Grad.disabled()) {
                float[] c = nets.encoder().forward(sampler.noisy(n, rng).to(nets.device())).toArray();
                System.arraycopy(c, 0, codes, i * k, n * k);
            }
        }
        return CodeStatistics.of(codes, count, k);
    }

    /**
     * Translates a volume from the first (noisy) training domain to the second (clean) one: the same network as
     * {@link #denoise(Volume)}, named for domain adaptation (e.g. low to high SNR) and missing-wedge compensation.
     */
    public Volume translate(Volume v) {
        return denoise(v);
    }

    /**
     * Simulates a tomogram from a density map: {@code Gs(v + P Gn(z))} (eq. 1). The standardised density gets a noise
     * field made of non-overlapping {@code p^3} blocks, each {@code Gn(z)} of its own code {@code z ~ N(0, I_K)} with
     * its voxels permuted; Gs then runs over overlapping blended tiles. Output in the noisy domain's standardised
     * units.
     *
     * @param density the clean-domain volume
     * @param rng     draws the codes and permutations
     */
    public Volume simulate(Volume density, Rng rng) {
        Volume v = density.standardized();
        int p = config.patchSize(), nz = v.nz(), ny = v.ny(), nx = v.nx();
        float[] noisy = v.data().clone();
        for (int z0 = 0; z0 < nz; z0 += p)
            for (int y0 = 0; y0 < ny; y0 += p)
                for (int x0 = 0; x0 < nx; x0 += p) {
                    float[] mask;
                    try (MemoryScope s = MemoryScope.open(); Grad g = Grad.disabled()) {
                        Tensor z = Tensor.randn(nets.device(), rng, 1, config.codeSize());
                        mask = VoxelPermutation.apply(nets.noiseDecoder().forward(z), rng).toArray();
                    }
                    for (int z = 0; z < p && z0 + z < nz; z++)
                        for (int y = 0; y < p && y0 + y < ny; y++) {
                            int o = ((z0 + z) * ny + y0 + y) * nx + x0, r = (z * p + y) * p;
                            for (int x = 0; x < p && x0 + x < nx; x++) noisy[o + x] += mask[r + x];
                        }
                }
        try {
            return tiler().apply(VolumeSource.of(new Volume(noisy, nz, ny, nx)), null, t -> nets.generator().forward(t.to(nets.device())), nearest(gsShift));
        } catch (IOException e) {
            throw new IllegalStateException("in-memory volume source cannot fail", e);
        }
    }
}
