package org.cryograd.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.em.phantom.PhantomKind;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Synthetic data: phantom volumes, their single-axis tilt series (tilt axis y, parallel beam, optional Gaussian noise),
 * and the tomogram a tilt series gives back ({@link #tomogram}: phantom, tilt series, reconstruction in one call).
 *
 * <p>Thread-safe: the calls keep no state. Seeded: the same options give the same values, bit for bit, as
 * {@code cryograd simulate phantom} and {@code cryograd simulate tilts}.
 */
public final class Simulate {
    private Simulate() {}

    /**
     * A phantom.
     *
     * @param kind      {@code spheres} (default; hollow spheres in a slab), {@code shapes}, {@code particle} or
     *                  {@code shepp} (3-D Shepp-Logan)
     * @param nx        width in voxels (default 64)
     * @param ny        height in voxels, along the tilt axis (default 64)
     * @param nz        thickness in voxels (default 32)
     * @param seed      random seed (default 1)
     * @param voxelSize voxel size in Å written with the volume (default 0: unknown)
     */
    public record PhantomOptions(String kind, int nx, int ny, int nz, long seed, double voxelSize) {
        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the bad value and the choices
         */
        public PhantomOptions {
            kind = PhantomKind.parse(kind).label();
            if (nx < 1 || ny < 1 || nz < 1) throw new IllegalArgumentException("phantom size must be at least 1 voxel per axis, got " + nx + "," + ny + "," + nz);
            if ((long) nx * ny * nz > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("phantom size " + nx + "," + ny + "," + nz + " is more than one volume can hold");
            if (!(voxelSize >= 0 && Double.isFinite(voxelSize))) throw new IllegalArgumentException("voxel size must be >= 0 Å, got " + voxelSize);
        }

        /** Spheres, 64 x 64 x 32, seed 1, voxel size unknown. */
        public static PhantomOptions defaults() {
            return new PhantomOptions("spheres", 64, 64, 32, 1, 0);
        }

        /** A copy with another kind. */
        public PhantomOptions withKind(String k) {
            return new PhantomOptions(k, nx, ny, nz, seed, voxelSize);
        }

        /** A copy with another size (x, y = tilt axis, z = thickness). */
        public PhantomOptions withSize(int x, int y, int z) {
            return new PhantomOptions(kind, x, y, z, seed, voxelSize);
        }

        /** A copy with another seed. */
        public PhantomOptions withSeed(long s) {
            return new PhantomOptions(kind, nx, ny, nz, s, voxelSize);
        }

        /** A copy with another voxel size in Å. */
        public PhantomOptions withVoxelSize(double a) {
            return new PhantomOptions(kind, nx, ny, nz, seed, a);
        }
    }

    /**
     * A tilt scheme and its noise.
     *
     * @param minDeg  first tilt angle in degrees (default -60)
     * @param maxDeg  last tilt angle, reached when it lies on the step grid (default 60)
     * @param stepDeg tilt increment in degrees (default 2)
     * @param snr     Gaussian noise with SNR = var(signal) / var(noise) over the whole series, or 0 (default) for none
     * @param seed    seed of the noise (default 1)
     * @param device  where the projection runs: {@code auto} (default), {@code cpu}, {@code cuda} or {@code cuda:N}
     */
    public record TiltOptions(double minDeg, double maxDeg, double stepDeg, double snr, long seed, String device) {
        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public TiltOptions {
            if (!(Math.abs(minDeg) < 90) || !(Math.abs(maxDeg) < 90))
                throw new IllegalArgumentException("tilt range " + minDeg + "," + maxDeg + ": tilt angles must lie strictly between -90 and 90 degrees");
            if (maxDeg < minDeg) throw new IllegalArgumentException("tilt range " + minDeg + "," + maxDeg + ": MAX must not be below MIN");
            if (!(stepDeg > 0 && Double.isFinite(stepDeg))) throw new IllegalArgumentException("tilt step must be a positive number of degrees, got " + stepDeg);
            if (!(snr >= 0 && Double.isFinite(snr))) throw new IllegalArgumentException("SNR must be a positive number (0: no noise), got " + snr);
            device = Devices.check(device);
        }

        /** -60 to 60 degrees in steps of 2, no noise, seed 1, device auto. */
        public static TiltOptions defaults() {
            return new TiltOptions(-60, 60, 2, 0, 1, "auto");
        }

        /** A copy with another range and step. */
        public TiltOptions withRange(double min, double max, double step) {
            return new TiltOptions(min, max, step, snr, seed, device);
        }

        /** A copy with noise at this SNR (0: none) from this seed. */
        public TiltOptions withNoise(double s, long noiseSeed) {
            return new TiltOptions(minDeg, maxDeg, stepDeg, s, noiseSeed, device);
        }

        /** A copy with another device. */
        public TiltOptions withDevice(String d) {
            return new TiltOptions(minDeg, maxDeg, stepDeg, snr, seed, d);
        }

        /** The tilt angles of this scheme. */
        public double[] anglesDeg() {
            return TiltGeometry.range(minDeg, maxDeg, stepDeg, TiltAxis.Y).anglesDeg();
        }
    }

    /**
     * A phantom volume, values in [0, 1].
     *
     * @param volume the volume
     * @param label  the MRC label {@code cryograd simulate phantom} writes
     */
    public record Phantom(VolumeData volume, String label) {
        /** Writes the volume as {@code cryograd simulate phantom --out} does. */
        public void writeMrc(Path path) throws IOException {
            volume.writeMrc(path, List.of(label));
        }
    }

    /**
     * A simulated tilt series.
     *
     * @param series the views, angles and the thickness of the projected volume
     * @param label  the MRC label {@code cryograd simulate tilts} writes after the thickness label
     */
    public record Tilts(TiltSeries series, String label) {
        /** Writes the stack and the {@code .tlt} file as {@code cryograd simulate tilts --out MRC --angles TLT} does. */
        public void write(Path mrc, Path tlt) throws IOException {
            Mrc.writeTilts(mrc, series, List.of(label));
            Mrc.writeAngles(tlt, series.anglesDeg());
        }
    }

    /**
     * A simulated tomogram: the truth, its tilt series, and the reconstruction from that series.
     *
     * @param truth          the phantom
     * @param tilts          its tilt series
     * @param reconstruction the tomogram reconstructed from the series
     */
    public record Tomogram(Phantom truth, Tilts tilts, Reconstruct.Result reconstruction) {}

    /** Makes a phantom volume. */
    public static Phantom phantom(PhantomOptions o) {
        Tensor v = Phantoms.make(PhantomKind.parse(o.kind()), new Rng(o.seed()), o.nx(), o.ny(), o.nz());
        VolumeData d = new VolumeData(v.toArray(), o.nx(), o.ny(), o.nz(), o.voxelSize());
        v.close();
        return new Phantom(d, String.format(Locale.ROOT, "cryograd simulate phantom --kind %s --size %d,%d,%d --seed %d", o.kind(), o.nx(), o.ny(), o.nz(),
                o.seed()));
    }

    /**
     * Projects a volume into a tilt series (tilt axis y; the volume's nz is its thickness), with noise when
     * {@code o.snr() > 0}. The views keep the volume's voxel size.
     */
    public static Tilts tiltSeries(VolumeData volume, TiltOptions o) {
        TiltGeometry g = TiltGeometry.range(o.minDeg(), o.maxDeg(), o.stepDeg(), TiltAxis.Y);
        Device device = Devices.resolve(o.device());
        Projector p = new Projector(g, volume.nx(), volume.nz());
        Tensor v = Mrc.tensor(volume);
        Tensor vol = device.equals(Device.cpu()) ? v : v.to(device);
        Tensor ts = TiltSimulation.project(p, vol);
        if (o.snr() > 0) ts = TiltSimulation.addNoise(ts, o.snr(), new Rng(o.seed()));
        if (!ts.device().equals(Device.cpu())) ts = ts.to(Device.cpu());
        VolumeData views = Mrc.volume(ts, volume.voxelSize());
        String label = String.format(Locale.ROOT, "cryograd simulate tilts --range %s,%s --step %s%s", range(o.minDeg()), range(o.maxDeg()), num(o.stepDeg()),
                o.snr() > 0 ? " --snr " + num(o.snr()) + " --seed " + o.seed() : "");
        return new Tilts(new TiltSeries(views, g.anglesDeg(), volume.nz()), label);
    }

    /**
     * A phantom, its tilt series, and the tomogram reconstructed from that series: the three steps of
     * {@code cryograd simulate phantom}, {@code simulate tilts} and {@code reconstruct} in one call.
     *
     * @param progress receives the reconstruction's progress (and stages {@code "phantom"}, {@code "tilts"})
     * @param cancel   checked between the steps and inside the reconstruction
     */
    public static Tomogram tomogram(PhantomOptions phantom, TiltOptions tilts, Reconstruct.Options reconstruction, ProgressListener progress,
            Cancellation cancel) {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        Cancellation cx = cancel == null ? Cancellation.NONE : cancel;
        cx.check("simulate");
        pl.progress("phantom", 0, 1, phantom.kind());
        Phantom truth = phantom(phantom);
        pl.progress("phantom", 1, 1, "done");
        cx.check("simulate");
        pl.progress("tilts", 0, 1, "projecting");
        Tilts ts = tiltSeries(truth.volume(), tilts);
        pl.progress("tilts", 1, 1, "done");
        Reconstruct.Result r = Reconstruct.run(ts.series(), reconstruction, pl, cx);
        return new Tomogram(truth, ts, r);
    }

    /** As the command line writes a range bound: a whole number without decimals, else Java's shortest form. */
    private static String range(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** As the command line writes a step or SNR: a whole number without decimals, else {@code %g}. */
    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%g", v);
    }
}
