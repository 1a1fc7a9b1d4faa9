package org.cryograd.fiji;

import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import org.cryograd.api.Reconstruct;
import org.cryograd.api.Simulate;

/**
 * Plugins &gt; cryograd &gt; Simulate tomogram: a phantom, its tilt series (optionally noisy) and the tomogram
 * reconstructed from that series, as new 32-bit stacks ({@code cryograd-tomogram}, and on request
 * {@code cryograd-phantom} and {@code cryograd-tilt-series}).
 *
 * <p>Macro: {@code run("Simulate tomogram", "kind=spheres width=64 height=64 thickness=32 seed=1 voxel_size=10
 * range=-60,60,2 snr=10 noise_seed=1 method=wbp iterations=0 device=cpu show_phantom show_tilt_series");}
 */
public final class SimulatePlugin implements PlugIn {
    /** The menu command. */
    public static final String COMMAND = "Simulate tomogram";

    /** Called by ImageJ. */
    public SimulatePlugin() {}

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog("cryograd: " + COMMAND);
        gd.addChoice("Kind", new String[] {"spheres", "shapes", "particle", "shepp"}, "spheres");
        gd.addNumericField("Width", 64, 0, 6, "voxels (x)");
        gd.addNumericField("Height", 64, 0, 6, "voxels (y, tilt axis)");
        gd.addNumericField("Thickness", 32, 0, 6, "voxels (z)");
        gd.addNumericField("Seed", 1, 0);
        gd.addNumericField("Voxel_size", 0, 3, 6, "Å (0: unknown)");
        gd.addStringField("Range", "-60,60,2", 20);
        gd.addNumericField("SNR", 0, 3, 6, "(0: no noise)");
        gd.addNumericField("Noise_seed", 1, 0);
        gd.addChoice("Method", new String[] {"wbp", "sirt", "cn"}, "wbp");
        gd.addNumericField("Iterations", 0, 0, 6, "sirt/cn (0: default)");
        gd.addChoice("Device", new String[] {"auto", "cpu", "cuda"}, "auto");
        gd.addCheckbox("Show_phantom", true);
        gd.addCheckbox("Show_tilt_series", false);
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String kind = gd.getNextChoice();
        int nx = (int) gd.getNextNumber(), ny = (int) gd.getNextNumber(), nz = (int) gd.getNextNumber();
        long seed = (long) gd.getNextNumber();
        double voxel = gd.getNextNumber();
        String range = gd.getNextString();
        double snr = gd.getNextNumber();
        long noiseSeed = (long) gd.getNextNumber();
        String method = gd.getNextChoice();
        int iterations = (int) gd.getNextNumber();
        String device = gd.getNextChoice();
        boolean showPhantom = gd.getNextBoolean(), showTilts = gd.getNextBoolean();
        Jobs.run(COMMAND, (progress, cancel) -> {
            Simulate.PhantomOptions p = Simulate.PhantomOptions.defaults().withKind(kind).withSize(nx, ny, nz).withSeed(seed).withVoxelSize(voxel);
            double[] r = rangeOf(range);
            Simulate.TiltOptions t = Simulate.TiltOptions.defaults().withRange(r[0], r[1], r[2]).withNoise(snr, noiseSeed).withDevice(device);
            Reconstruct.Options o = Reconstruct.Options.defaults().withMethod(Reconstruct.Method.parse(method)).withIterations(iterations, 0).withDevice(device);
            Simulate.Tomogram s = Simulate.tomogram(p, t, o, progress, cancel);
            if (showPhantom) Images.image("cryograd-phantom", s.truth().volume()).show();
            if (showTilts) {
                var ts = Images.image("cryograd-tilt-series", s.tilts().series().views());
                ts.setProperty("Info", "cryograd tilt series, tilt axis y, angles " + range + " degrees\n");
                ts.show();
            }
            Images.image("cryograd-tomogram", s.reconstruction().volume()).show();
        });
    }

    /** {@code "min,max,step"} in degrees. */
    static double[] rangeOf(String text) {
        String[] parts = (text == null ? "" : text.trim()).split("\\s*,\\s*", -1);
        if (parts.length != 3) throw new IllegalArgumentException("range '" + text + "': expected min,max,step in degrees (e.g. -60,60,2)");
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("range '" + text + "': '" + parts[i] + "' is not a number", e);
            }
        }
        return v;
    }
}
