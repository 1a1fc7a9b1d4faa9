package org.cryograd.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.util.Locale;
import org.cryograd.api.VolumeData;

/**
 * ImageJ images to and from the API's {@link VolumeData}: stack slice {@code z+1} is section {@code z}, pixel
 * {@code (x, y)} of a slice is column x, row y (row 0 at the top, as the MRC file's first row), values as 32-bit floats.
 * The calibration carries the voxel size in Å.
 */
final class Images {
    private Images() {}

    /**
     * The image's values (any bit depth, converted to float; only the current channel and frame of a hyperstack) and its
     * voxel size in Å (0 when the calibration has no length unit).
     */
    static VolumeData volume(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        int nx = imp.getWidth(), ny = imp.getHeight(), nz = imp.getNSlices();
        int c = imp.getChannel(), t = imp.getFrame();
        float[] data = new float[Math.multiplyExact(Math.multiplyExact(nx, ny), nz)];
        for (int z = 0; z < nz; z++) {
            int index = imp.isHyperStack() || imp.getNChannels() > 1 || imp.getNFrames() > 1 ? imp.getStackIndex(c, z + 1, t) : z + 1;
            ImageProcessor ip = stack.getProcessor(index);
            int off = z * nx * ny;
            if (ip instanceof FloatProcessor fp) {
                System.arraycopy((float[]) fp.getPixels(), 0, data, off, nx * ny);
            } else {
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++) data[off + y * nx + x] = ip.getf(x, y);
            }
        }
        return new VolumeData(data, nx, ny, nz, angstrom(imp.getCalibration()));
    }

    /** A 32-bit stack of the values, calibrated in Å when the voxel size is known. */
    static ImagePlus image(String title, VolumeData v) {
        ImageStack stack = new ImageStack(v.nx(), v.ny());
        int n = v.nx() * v.ny();
        for (int z = 0; z < v.nz(); z++) {
            float[] slice = new float[n];
            System.arraycopy(v.data(), z * n, slice, 0, n);
            stack.addSlice(null, new FloatProcessor(v.nx(), v.ny(), slice));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        if (v.voxelSize() > 0) {
            Calibration cal = imp.getCalibration();
            cal.pixelWidth = cal.pixelHeight = cal.pixelDepth = v.voxelSize();
            cal.setUnit("Å");
        }
        imp.resetDisplayRange();
        return imp;
    }

    /**
     * The pixel width in Å: units Å (also written A, angstrom), nm and µm (um, micron) are converted; any other unit
     * (pixel, none) gives 0, unknown.
     */
    static double angstrom(Calibration cal) {
        if (cal == null || !(cal.pixelWidth > 0) || !Double.isFinite(cal.pixelWidth)) return 0;
        String u = cal.getUnit() == null ? "" : cal.getUnit().trim().toLowerCase(Locale.ROOT);
        double scale = switch (u) {
            case "å", "a", "angstrom", "angstroms", "\u212b" -> 1;
            case "nm", "nanometer", "nanometers" -> 10;
            case "µm", "\u03bcm", "um", "micron", "microns", "micrometer", "micrometers" -> 1e4;
            default -> 0;
        };
        return cal.pixelWidth * scale;
    }
}
