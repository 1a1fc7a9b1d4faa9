package org.cryograd.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.util.Locale;
import org.cryograd.api.Reconstruct;
import org.cryograd.api.TiltSeries;

/**
 * Plugins &gt; cryograd &gt; Reconstruct tilt series: the current stack as a tilt series (one view per slice, tilt axis
 * along y), reconstructed by WBP, SIRT or a coordinate network into a new 32-bit stack (one slice per z).
 *
 * <p>Macro: {@code run("Reconstruct tilt series", "angles=-60,60,2 method=sirt thickness=32 iterations=20 device=cpu");}
 */
public final class ReconstructPlugin implements PlugIn {
    /** The menu command. */
    public static final String COMMAND = "Reconstruct tilt series";

    /** Called by ImageJ. */
    public ReconstructPlugin() {}

    @Override
    public void run(String arg) {
        ImagePlus imp = IJ.getImage();
        GenericDialog gd = new GenericDialog("cryograd: " + COMMAND);
        gd.addStringField("Angles", "-60,60,2", 30);
        gd.addMessage("(a .tlt/.rawtlt file, or min,max,step in degrees; one angle per slice)");
        gd.addChoice("Method", new String[] {"wbp", "sirt", "cn"}, "wbp");
        gd.addNumericField("Thickness", 0, 0, 6, "voxels (0: half the width)");
        gd.addChoice("Filter", new String[] {"ramp", "shepp-logan", "cosine", "hann"}, "ramp");
        gd.addNumericField("Iterations", 0, 0, 6, "sirt/cn (0: default)");
        gd.addChoice("Preset", new String[] {"demo", "quick", "paper"}, "demo");
        gd.addNumericField("Seed", 0, 0);
        gd.addChoice("Device", new String[] {"auto", "cpu", "cuda"}, "auto");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String angles = gd.getNextString();
        String method = gd.getNextChoice();
        int thickness = (int) gd.getNextNumber();
        String filter = gd.getNextChoice();
        int iterations = (int) gd.getNextNumber();
        String preset = gd.getNextChoice();
        long seed = (long) gd.getNextNumber();
        String device = gd.getNextChoice();
        Jobs.run(COMMAND, (progress, cancel) -> {
            Reconstruct.Options o = Reconstruct.Options.defaults().withMethod(Reconstruct.Method.parse(method)).withThickness(thickness)
                    .withFilter(filter).withIterations(iterations, 0).withPreset(preset).withSeed(seed).withDevice(device);
            TiltSeries ts = new TiltSeries(Images.volume(imp), Angles.parse(angles));
            Reconstruct.Result r = Reconstruct.run(ts, o, progress, cancel);
            ImagePlus out = Images.image(outputTitle(imp.getTitle(), method), r.volume());
            out.setProperty("Info", String.format(Locale.ROOT, "cryograd %s reconstruction of %s%nthickness %d (%s)%n%d views, %s to %s degrees, tilt axis y%n",
                    method, imp.getTitle(), r.thickness(), r.thicknessSource(), ts.viewCount(), ts.anglesDeg()[0], ts.anglesDeg()[ts.viewCount() - 1]));
            out.show();
        });
    }

    /** {@code ts.mrc} -> {@code ts-wbp}. */
    static String outputTitle(String input, String method) {
        return stem(input) + "-" + method.toLowerCase(Locale.ROOT);
    }

    /** A title without its file extension: {@code ts.mrc} -> {@code ts}. */
    static String stem(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 ? title.substring(0, dot) : title;
    }
}
