package org.cryograd.fiji;

/**
 * The main class of a separate, headless ImageJ for {@link PluginJarIT}: patches ImageJ 1.x as Fiji does (before any
 * ImageJ class loads, hence no ImageJ import here), runs a macro file, and exits 0 when it ran to its end, 1 when it was
 * aborted.
 */
public final class MacroDriver {
    private MacroDriver() {}

    /**
     * @param args the macro file
     */
    public static void main(String[] args) throws Exception {
        net.imagej.patcher.LegacyInjector.preinit();
        Object r = Class.forName("ij.IJ").getMethod("runMacroFile", String.class).invoke(null, args[0]);
        System.out.println("macro returned: " + r);
        System.exit("[aborted]".equals(r) ? 1 : 0);
    }
}
