package org.cryograd.tensor.cpu;

/**
 * Chooses, once per JVM, between the SIMD kernels (on {@code jdk.incubator.vector}) and their scalar twins.
 *
 * <p>The SIMD kernels are used when the module {@code jdk.incubator.vector} is in the boot layer (the JVM was started
 * with {@code --add-modules jdk.incubator.vector}) and the system property {@code cryograd.simd} is not
 * {@code false}. The decision is logged once, at level INFO, on the logger {@code org.cryograd.tensor}.
 *
 * <p>No class of this package that references {@code jdk.incubator.vector} is ever named in code that runs
 * without the module: the SIMD classes ({@code SimdGemm}, {@code SimdElementwise}, {@code SimdReduce}) are loaded
 * only by {@link #create} behind {@link #ENABLED}, through reflection, and are reached only through interfaces
 * declared by their scalar twins ({@link CpuGemm.Kernel}, {@link CpuElementwise.Kernel}, {@link CpuReduce.Kernel}).
 * The choice is made once, at class initialisation, so a JVM never mixes the two numerics.
 */
final class CpuSimd {
    /** Whether the SIMD kernels are in use (fixed at class initialisation). */
    static final boolean ENABLED;
    /** Why: the one line that was logged. */
    static final String DESCRIPTION;

    static {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean allowed = !"false".equalsIgnoreCase(System.getProperty("cryograd.simd", "").trim());
        boolean on = false;
        String why;
        if (!module) {
            why = "cryograd CPU kernels: scalar (module jdk.incubator.vector not present; start the JVM with "
                    + "--add-modules jdk.incubator.vector for the SIMD kernels)";
        } else if (!allowed) {
            why = "cryograd CPU kernels: scalar (system property cryograd.simd=false)";
        } else {
            try {
                String info = (String) Class.forName("org.cryograd.tensor.cpu.SimdGemm").getMethod("describe").invoke(null);
                why = "cryograd CPU kernels: SIMD (jdk.incubator.vector, " + info + ")";
                on = true;
            } catch (ReflectiveOperationException | LinkageError e) {
                why = "cryograd CPU kernels: scalar (jdk.incubator.vector present but unusable: " + e + ")";
            }
        }
        ENABLED = on;
        DESCRIPTION = why;
        System.getLogger("org.cryograd.tensor").log(System.Logger.Level.INFO, why);
    }

    private CpuSimd() {}

    /**
     * A new instance of the named SIMD class of this package (public no-argument constructor), or
     * {@code fallback} when the SIMD kernels are off.
     */
    static <T> T create(Class<T> type, String simpleName, T fallback) {
        if (!ENABLED) return fallback;
        try {
            Class<?> c = Class.forName("org.cryograd.tensor.cpu." + simpleName);
            return type.cast(c.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load SIMD kernel class " + simpleName, e);
        }
    }
}
