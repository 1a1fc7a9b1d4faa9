package org.cryograd.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import org.cryograd.api.Denoise;

/**
 * Plugins &gt; cryograd &gt; Denoise tomogram: the current stack (a tomogram, one slice per z) through a trained DUAL
 * model folder into a new 32-bit stack, in the clean domain's standardised units.
 *
 * <p>Macro: {@code run("Denoise tomogram", "model=/data/dual-run single_pass overlap=-1 device=cpu");}
 */
public final class DenoisePlugin implements PlugIn {
    /** The menu command. */
    public static final String COMMAND = "Denoise tomogram";

    /** Called by ImageJ. */
    public DenoisePlugin() {}

    @Override
    public void run(String arg) {
        ImagePlus imp = IJ.getImage();
        GenericDialog gd = new GenericDialog("cryograd: " + COMMAND);
        gd.addStringField("Model", "", 40);
        gd.addMessage("(a 'cryograd train-dual' output folder, or its model/ folder)");
        gd.addCheckbox("Single_pass", false);
        gd.addNumericField("Overlap", -1, 0, 6, "voxels (-1: the model's)");
        gd.addChoice("Device", new String[] {"auto", "cpu", "cuda"}, "auto");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String model = gd.getNextString().trim();
        boolean single = gd.getNextBoolean();
        int overlap = (int) gd.getNextNumber();
        String device = gd.getNextChoice();
        Jobs.run(COMMAND, (progress, cancel) -> {
            if (model.isEmpty()) throw new IllegalArgumentException("model: give the folder of a trained DUAL model");
            Denoise.Options o = Denoise.Options.defaults().withSinglePass(single).withOverlap(overlap).withDevice(device);
            Denoise.Result r = Denoise.run(Path.of(model), Images.volume(imp), o, progress, cancel);
            ImagePlus out = Images.image(ReconstructPlugin.outputTitle(imp.getTitle(), "denoised"), r.volume());
            out.setProperty("Info", "cryograd DUAL denoising of " + imp.getTitle() + " with " + model + "\n");
            out.show();
        });
    }
}
