package org.cryograd.em.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.cryograd.fft.DirectionalFsc;
import org.cryograd.fft.Fsc;
import org.cryograd.fft.FscCurve;
import org.cryograd.em.benchmark.BenchmarkHarness;
import org.cryograd.em.benchmark.MethodResult;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.Contrast;
import org.cryograd.io.SliceImages;
import org.cryograd.tensor.Tensor;

/**
 * Scores named reconstructions of one truth volume the way the coordinate-network paper's Table 1 does, and writes
 * the results: PSNR, SSIM and VIF-P ({@link QualityMetrics}: every reconstruction is first matched to the truth's
 * mean and standard deviation), the runtime the caller measured, the FSC against the truth and, given the tilt
 * geometry, the directional FSC over the present and missing Fourier regions.
 *
 * <pre>{@code
 * EvaluationHarness h = new EvaluationHarness(truth, 1.0, TiltGeometry.standard());
 * h.add("wbp", wbp, 0.4);
 * h.add("cn", cn, 180);
 * System.out.println(h.formatTable());
 * List<Path> files = h.writeAll(Path.of("out"));     // metrics.csv, fsc.csv/png, fsc_directional.csv, ...
 * }</pre>
 *
 * <p>FSC curves are of the truth against the mean/std-matched reconstruction (matching changes only the
 * zero-frequency shell). Each reconstruction's row is a {@link MethodResult} with the metrics {@link #METRICS} (so a
 * {@link BenchmarkHarness} can run the methods and keep the long-format table); its curves stay here
 * ({@link #fsc(String)}, {@link #directional(String)}). Not thread-safe.
 */
public final class EvaluationHarness {
    /** Header of {@link #writeMetricsCsv}. */
    public static final String METRICS_HEADER = "method,psnr,ssim,vif,seconds";
    /**
     * The metrics of every {@link MethodResult} this harness makes, in order: PSNR (dB), SSIM, VIF-P, the resolutions
     * where the FSC against the truth falls below 0.5 and 0.143 (in {@link #unit()}; NaN when it never does, see
     * {@link FscCurve#resolution05()}), and the mean FSC over the present and the missing Fourier regions (shells 1 to
     * Nyquist; NaN without a tilt geometry).
     */
    public static final List<String> METRICS = List.of("psnr", "ssim", "vif", "resolution_fsc05", "resolution_fsc0143", "present_fsc_mean",
            "missing_fsc_mean");

    private final Tensor truth;
    private final double voxelSize;
    private final String unit;
    private final TiltGeometry geometry;
    private final String data;
    private final List<MethodResult> results = new ArrayList<>();
    private final Map<String, Scored> scored = new LinkedHashMap<>();
    private final Map<String, Tensor> matched = new LinkedHashMap<>();

    /** What one reconstruction measured beyond its {@link MethodResult}: the quality scores and the curves. */
    private record Scored(QualityScores quality, FscCurve fsc, DirectionalFsc directional) {}

    /**
     * A harness for one truth volume.
     *
     * @param truth     the ground truth {@code [nz, ny, nx]} (every side at least 7, see {@link QualityMetrics})
     * @param voxelSize voxel size in Å; 0 or NaN means unknown: resolutions are then in pixels
     * @param geometry  the tilt geometry of the data (for the directional FSC), or {@code null} to skip it
     */
    public EvaluationHarness(Tensor truth, double voxelSize, TiltGeometry geometry) {
        this(truth, voxelSize, geometry, "volume");
    }

    /**
     * A harness for one truth volume, named {@code data} in its {@link MethodResult}s.
     *
     * @param data the truth's name (e.g. the phantom kind)
     */
    public EvaluationHarness(Tensor truth, double voxelSize, TiltGeometry geometry, String data) {
        if (truth.rank() != 3) throw new IllegalArgumentException("EvaluationHarness: truth must be [nz, ny, nx], got shape " + truth.shape());
        boolean known = voxelSize > 0 && Double.isFinite(voxelSize);
        this.truth = Tensor.of(truth.toArray(), truth.dims());
        this.voxelSize = known ? voxelSize : 1.0;
        this.unit = known ? "Å" : "px";
        this.geometry = geometry;
        this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * Scores one reconstruction and keeps the result.
     *
     * @param name           the method's name: letters, digits, '_', '-' or '.', unique within this harness
     * @param reconstruction the reconstructed volume, same shape as the truth
     * @param seconds        its runtime (reported as given)
     * @return the scores ({@link #METRICS}; {@code seconds} as the run time)
     * @throws IllegalArgumentException on a bad or repeated name, a shape mismatch or non-finite values
     */
    public MethodResult add(String name, Tensor reconstruction, double seconds) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+"))
            throw new IllegalArgumentException("EvaluationHarness.add: method name '" + name + "' must be letters, digits, '_', '-' or '.'");
        if (matched.containsKey(name)) throw new IllegalArgumentException("EvaluationHarness.add: method '" + name + "' was already added");
        QualityScores q = QualityMetrics.measure(truth, reconstruction);
        Tensor m = QualityMetrics.matchMeanStd(truth, reconstruction);
        FscCurve fsc = Fsc.compute(truth, m, voxelSize);
        DirectionalFsc d = geometry == null ? null : DirectionalFsc.compute(truth, m, voxelSize, geometry);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("psnr", q.psnr());
        metrics.put("ssim", q.ssim());
        metrics.put("vif", q.vif());
        metrics.put("resolution_fsc05", fsc.resolution05());
        metrics.put("resolution_fsc0143", fsc.resolution0143());
        metrics.put("present_fsc_mean", d == null ? Double.NaN : shellMean(d.present()));
        metrics.put("missing_fsc_mean", d == null ? Double.NaN : shellMean(d.missing()));
        MethodResult r = MethodResult.of(name, data, "-", metrics, 0, seconds);
        results.add(r);
        scored.put(name, new Scored(q, fsc, d));
        matched.put(name, m);
        return r;
    }

    /** {@link #add} as a harness outcome: the metrics, and {@code seconds} as the run time. */
    public BenchmarkHarness.Outcome outcome(String name, Tensor reconstruction, double seconds) {
        MethodResult r = add(name, reconstruction, seconds);
        return new BenchmarkHarness.Outcome(r.parameters(), r.metrics(), 0, seconds);
    }

    /** The PSNR, SSIM and VIF-P of method {@code name} (with the VIF enlargement factor). */
    public QualityScores quality(String name) {
        return scoredOf(name).quality();
    }

    /** The FSC of method {@code name} against the truth. */
    public FscCurve fsc(String name) {
        return scoredOf(name).fsc();
    }

    /** The present/missing-region FSC of method {@code name}, or {@code null} without a tilt geometry. */
    public DirectionalFsc directional(String name) {
        return scoredOf(name).directional();
    }

    private Scored scoredOf(String name) {
        Scored s = scored.get(name);
        if (s == null) throw new IllegalArgumentException("EvaluationHarness: no method '" + name + "' (has " + scored.keySet() + ")");
        return s;
    }

    /** The mean of an FSC over shells 1 to Nyquist that have voxels (NaN shells skipped); NaN if none. */
    static double shellMean(FscCurve c) {
        double[] f = c.fsc();
        double s = 0;
        int n = 0;
        for (int i = 1; i < f.length; i++)
            if (!Double.isNaN(f[i])) {
                s += f[i];
                n++;
            }
        return n == 0 ? Double.NaN : s / n;
    }

    /** The results in the order they were added. */
    public List<MethodResult> results() {
        return Collections.unmodifiableList(results);
    }

    /** The length unit of resolutions: "Å", or "px" when the voxel size is unknown. */
    public String unit() {
        return unit;
    }

    /**
     * The results as a fixed-width text table: method, PSNR (dB), SSIM, VIF, FSC 0.5 and 0.143 resolutions, the
     * mean missing-region FSC (with a geometry) and seconds, followed by a line stating the normalisation.
     */
    public String formatTable() {
        boolean dir = geometry != null;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %9s %7s %7s %10s %10s", "method", "PSNR(dB)", "SSIM", "VIF", "FSC0.5", "FSC0.143"));
        if (dir) sb.append(String.format(Locale.ROOT, " %11s", "missingFSC"));
        sb.append(String.format(Locale.ROOT, " %9s%n", "seconds"));
        int k = 1;
        for (MethodResult r : results) {
            Scored c = scored.get(r.method());
            QualityScores q = c.quality();
            k = q.vifEnlargement();
            sb.append(String.format(Locale.ROOT, "%-8s %9.2f %7.4f %7.4f %10s %10s", r.method(), q.psnr(), q.ssim(), q.vif(),
                    FscFiles.resolutionText(c.fsc(), 0.5, unit), FscFiles.resolutionText(c.fsc(), 0.143, unit)));
            if (dir) sb.append(String.format(Locale.ROOT, " %11.4f", r.metric("missing_fsc_mean")));
            sb.append(String.format(Locale.ROOT, " %9.1f%n", r.runSeconds()));
        }
        sb.append("Each reconstruction matched to the truth's mean/std; PSNR and SSIM with the truth's data range");
        sb.append(k > 1 ? "; VIF-P on slices enlarged " + k + "x (slices < 81 px)" : "").append('.');
        sb.append(" FSC0.5/FSC0.143: resolution where the FSC against the truth falls below 0.5/0.143 (<= never: Nyquist).");
        if (dir) sb.append(" missingFSC: mean FSC over the missing Fourier region, shells 1..Nyquist.");
        return sb.append(System.lineSeparator()).toString();
    }

    /** Writes {@code method,psnr,ssim,vif,seconds}, one row per method, atomically. */
    public void writeMetricsCsv(Path path) throws IOException {
        StringBuilder sb = new StringBuilder(METRICS_HEADER).append('\n');
        for (MethodResult r : results) {
            QualityScores q = scored.get(r.method()).quality();
            sb.append(r.method()).append(',').append(FscFiles.num(q.psnr())).append(',').append(FscFiles.num(q.ssim())).append(',')
                    .append(FscFiles.num(q.vif())).append(',').append(FscFiles.num(r.runSeconds())).append('\n');
        }
        FscFiles.write(path, sb.toString());
    }

    /** Writes the FSC of every method against the truth: {@code shell,frequency,resolution,<method>...}. */
    public void writeFscCsv(Path path) throws IOException {
        FscFiles.writeCsv(path, frequencies(), fscColumns(""));
    }

    /** Plots the FSC of every method against the truth. */
    public void writeFscPng(Path path) throws IOException {
        FscFiles.writePng(path, "FSC against the truth", unit, frequencies(), fscColumns(""));
    }

    /**
     * Writes the directional FSC: {@code shell,frequency,resolution,<method>_present,<method>_missing...}.
     *
     * @throws IllegalStateException if the harness has no tilt geometry
     */
    public void writeDirectionalFscCsv(Path path) throws IOException {
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (MethodResult r : requireDirectional()) {
            DirectionalFsc d = scored.get(r.method()).directional();
            cols.put(r.method() + "_present", d.present().fsc());
            cols.put(r.method() + "_missing", d.missing().fsc());
        }
        FscFiles.writeCsv(path, frequencies(), cols);
    }

    /** Plots the present-region FSC of every method ({@code present}) or the missing-region FSC. */
    public void writeDirectionalFscPng(Path path, boolean present) throws IOException {
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (MethodResult r : requireDirectional()) {
            DirectionalFsc d = scored.get(r.method()).directional();
            cols.put(r.method(), (present ? d.present() : d.missing()).fsc());
        }
        FscFiles.writePng(path, "FSC against the truth, " + (present ? "present" : "missing") + " Fourier region", unit, frequencies(), cols);
    }

    /**
     * Writes the orthogonal views through the centre of the truth and of every (matched) reconstruction in one
     * captioned row, all with the same grey scale: the truth's 0.5 and 99.5 percentiles.
     */
    public void writeSlicesPng(Path path) throws IOException {
        Contrast c = contrast();
        List<String> names = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        names.add("truth");
        images.add(SliceImages.orthoViews(truth, c));
        for (Map.Entry<String, Tensor> e : matched.entrySet()) {
            names.add(e.getKey());
            images.add(SliceImages.orthoViews(e.getValue(), c));
        }
        FscFiles.createParent(path);
        SliceImages.writePng(SlicePanels.row(names, images, SlicePanels.scaleFor(images.get(0), 160)), path);
    }

    /** Writes the orthogonal views of the truth ({@code name = "truth"}) or of one matched reconstruction. */
    public void writeSlicesPng(String name, Path path) throws IOException {
        Tensor v = name.equals("truth") ? truth : matched.get(name);
        if (v == null) throw new IllegalArgumentException("EvaluationHarness.writeSlicesPng: no method '" + name + "'");
        FscFiles.createParent(path);
        SliceImages.writePng(SliceImages.orthoViews(v, contrast()), path);
    }

    /**
     * Writes every file into {@code dir}: {@code metrics.csv}, {@code fsc.csv}, {@code fsc.png}, with a geometry
     * {@code fsc_directional.csv}, {@code fsc_present.png}, {@code fsc_missing.png}, then {@code slices.png} and
     * {@code slices_<name>.png} for the truth and each method.
     *
     * @return the files written, in that order
     */
    public List<Path> writeAll(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Path p;
        writeMetricsCsv(p = dir.resolve("metrics.csv"));
        out.add(p);
        writeFscCsv(p = dir.resolve("fsc.csv"));
        out.add(p);
        writeFscPng(p = dir.resolve("fsc.png"));
        out.add(p);
        if (geometry != null) {
            writeDirectionalFscCsv(p = dir.resolve("fsc_directional.csv"));
            out.add(p);
            writeDirectionalFscPng(p = dir.resolve("fsc_present.png"), true);
            out.add(p);
            writeDirectionalFscPng(p = dir.resolve("fsc_missing.png"), false);
            out.add(p);
        }
        writeSlicesPng(p = dir.resolve("slices.png"));
        out.add(p);
        writeSlicesPng("truth", p = dir.resolve("slices_truth.png"));
        out.add(p);
        for (String name : matched.keySet()) {
            writeSlicesPng(name, p = dir.resolve("slices_" + name + ".png"));
            out.add(p);
        }
        return out;
    }

    private Contrast contrast() {
        double[] lim = Contrast.DEFAULT.limits(truth.toArray());
        return lim[1] > lim[0] ? Contrast.range(lim[0], lim[1]) : Contrast.MIN_MAX;
    }

    private double[] frequencies() {
        if (results.isEmpty()) throw new IllegalStateException("EvaluationHarness: no reconstruction was added");
        return scored.values().iterator().next().fsc().frequency();
    }

    private Map<String, double[]> fscColumns(String suffix) {
        Map<String, double[]> cols = new LinkedHashMap<>();
        scored.forEach((name, c) -> cols.put(name + suffix, c.fsc().fsc()));
        return cols;
    }

    private List<MethodResult> requireDirectional() {
        if (geometry == null) throw new IllegalStateException("EvaluationHarness: no tilt geometry was given, so no directional FSC");
        frequencies();
        return results;
    }
}
