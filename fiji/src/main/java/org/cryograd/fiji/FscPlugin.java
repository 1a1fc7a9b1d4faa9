package org.cryograd.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.util.Map;
import org.cryograd.api.Evaluate;

/**
 * Plugins &gt; cryograd &gt; FSC of two volumes: the Fourier shell correlation of two open stacks of the same size, as a
 * plot window and as the Results table ({@code shell, frequency, resolution, fsc}, and {@code present, missing} when tilt
 * angles are given), with the 0.5 and 0.143 resolutions in the Log.
 *
 * <p>Macro: {@code run("FSC of two volumes", "first=half1.mrc second=half2.mrc voxel_size=0 angles=[]");}
 */
public final class FscPlugin implements PlugIn {
    /** The menu command. */
    public static final String COMMAND = "FSC of two volumes";

    /** Called by ImageJ. */
    public FscPlugin() {}

    @Override
    public void run(String arg) {
        String[] titles = WindowManager.getImageTitles();
        if (titles.length < 1) {
            IJ.error("cryograd: " + COMMAND, "error: open two volumes of the same size first");
            return;
        }
        GenericDialog gd = new GenericDialog("cryograd: " + COMMAND);
        gd.addChoice("First", titles, titles[0]);
        gd.addChoice("Second", titles, titles[Math.min(1, titles.length - 1)]);
        gd.addNumericField("Voxel_size", 0, 3, 6, "Å (0: the first image's calibration)");
        gd.addStringField("Angles", "", 30);
        gd.addMessage("(optional: a .tlt file or min,max,step, for the FSC over the measured and the missing Fourier regions)");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        ImagePlus a = WindowManager.getImage(gd.getNextChoice()), b = WindowManager.getImage(gd.getNextChoice());
        double voxel = gd.getNextNumber();
        String angles = gd.getNextString().trim();
        Jobs.run(COMMAND, (progress, cancel) -> {
            cancel.check("fsc");
            Evaluate.Fsc f = Evaluate.fsc(Images.volume(a), Images.volume(b), voxel, angles.isEmpty() ? null : Angles.parse(angles));
            show(a.getTitle(), b.getTitle(), f);
        });
    }

    /** The curves as a plot window and the Results table; the resolutions in the Log. */
    static void show(String a, String b, Evaluate.Fsc f) {
        ResultsTable rt = ResultsTable.getResultsTable();
        rt.reset();
        rt.setPrecision(9);
        Map<String, double[]> curves = f.curves();
        double[] freq = f.frequency();
        for (int i = 0; i < freq.length; i++) {
            rt.incrementCounter();
            rt.addValue("shell", i);
            rt.addValue("frequency", freq[i]);
            rt.addValue("resolution", 1.0 / freq[i]);
            for (var e : curves.entrySet()) rt.addValue(e.getKey(), e.getValue()[i]);
        }
        rt.show("Results");
        Plot plot = new Plot("FSC of " + a + " and " + b, "spatial frequency (1/" + f.unit() + ")", "FSC");
        plot.setLimits(0, freq.length == 0 ? 0.5 : freq[freq.length - 1], -0.2, 1.05);
        String[] colors = {"blue", "green", "red"};
        int c = 0;
        for (var e : curves.entrySet()) {
            plot.setColor(colors[c++ % colors.length]);
            plot.add("line", freq, e.getValue());
        }
        plot.setColor("gray");
        plot.add("line", new double[] {0, freq.length == 0 ? 0.5 : freq[freq.length - 1]}, new double[] {0.5, 0.5});
        plot.add("line", new double[] {0, freq.length == 0 ? 0.5 : freq[freq.length - 1]}, new double[] {0.143, 0.143});
        plot.setColor("black");
        plot.addLegend(String.join("\n", curves.keySet()) + "\n0.5\n0.143");
        plot.show();
        IJ.log("cryograd FSC of " + a + " and " + b + ": FSC 0.5 " + f.text05() + ", FSC 0.143 " + f.text0143());
    }
}
