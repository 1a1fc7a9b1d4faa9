package org.cryograd.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.gui.PointRoi;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import org.cryograd.api.Pick;

/**
 * Plugins &gt; cryograd &gt; Pick particles: difference-of-Gaussians picking in the current stack (a tomogram). The picks
 * go to the Results table ({@code x, y, z} as 0-based voxels, {@code slice} = z + 1, {@code score}), to a point selection
 * on the image (one point per pick, on its slice), and optionally to a RELION STAR file.
 *
 * <p>Macro: {@code run("Pick particles", "sigma=3 k=1.1 top=100 nms=-1 polarity=dark border=-1 star=[] coordinates=voxel");}
 */
public final class PickPlugin implements PlugIn {
    /** The menu command. */
    public static final String COMMAND = "Pick particles";

    /** Called by ImageJ. */
    public PickPlugin() {}

    @Override
    public void run(String arg) {
        ImagePlus imp = IJ.getImage();
        GenericDialog gd = new GenericDialog("cryograd: " + COMMAND);
        gd.addNumericField("Sigma", 3, 3, 6, "voxels (about radius / sqrt 3)");
        gd.addNumericField("K", 1.1, 3, 6, "sigma2 / sigma1");
        gd.addNumericField("Top", 500, 0, 6, "picks at most");
        gd.addNumericField("NMS", -1, 3, 6, "voxels between picks (-1: sqrt 3 sigma)");
        gd.addChoice("Polarity", new String[] {"dark", "bright"}, "dark");
        gd.addNumericField("Border", -1, 0, 6, "voxels (-1: sqrt 3 sigma)");
        gd.addStringField("STAR", "", 40);
        gd.addChoice("Coordinates", new String[] {"voxel", "angstrom", "relion5"}, "voxel");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        double sigma = gd.getNextNumber(), k = gd.getNextNumber();
        int top = (int) gd.getNextNumber();
        double nms = gd.getNextNumber();
        String polarity = gd.getNextChoice();
        int border = (int) gd.getNextNumber();
        String star = gd.getNextString().trim();
        String coords = gd.getNextChoice();
        Jobs.run(COMMAND, (progress, cancel) -> {
            Pick.Options o = Pick.Options.of(sigma).withK(k).withTop(top).withNms(nms < 0 ? Double.NaN : nms).withPolarity(polarity).withBorder(border);
            Pick.Result r = Pick.run(Images.volume(imp), o, progress, cancel);
            if (!star.isEmpty()) r.writeStar(Path.of(star), coords, ReconstructPlugin.stem(imp.getTitle()));
            show(imp, r);
        });
    }

    /** The picks as the Results table and as a point selection on {@code imp}. */
    static void show(ImagePlus imp, Pick.Result r) {
        ResultsTable rt = ResultsTable.getResultsTable();
        rt.reset();
        rt.setPrecision(4);
        PointRoi roi = new PointRoi();
        for (Pick.Particle p : r.particles()) {
            rt.incrementCounter();
            rt.addValue("x", p.x());
            rt.addValue("y", p.y());
            rt.addValue("z", p.z());
            rt.addValue("slice", p.z() + 1);
            rt.addValue("score", p.score());
            roi.addPoint(p.x(), p.y(), (int) Math.round(p.z()) + 1);
        }
        rt.show("Results");
        if (r.particles().isEmpty()) imp.deleteRoi();
        else imp.setRoi(roi);
        IJ.showStatus("cryograd: " + r.particles().size() + " picks");
    }
}
