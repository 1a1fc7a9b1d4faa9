package org.cryograd.fft;

/**
 * Chooses, once per JVM, the stage kernel of {@link LineBatchFft}: {@link SimdFftStage} on {@code jdk.incubator.vector}
 * when the module is in the boot layer and the system property {@code cryograd.simd} is not {@code false} (as for the
 * tensor kernels), else the scalar twin. The SIMD class is reached only by reflection, so nothing here needs the module
 * at run time. The two give identical results; the choice is logged once at DEBUG on {@code org.cryograd.fft}.
 */
final class FftSimd {
    private FftSimd() {}

    static LineBatchFft.Stage stage() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean allowed = !"false".equalsIgnoreCase(System.getProperty("cryograd.simd", "").trim());
        System.Logger log = System.getLogger("org.cryograd.fft");
        if (module && allowed) {
            try {
                Class<?> c = Class.forName("org.cryograd.fft.SimdFftStage");
                String info = (String) c.getMethod("describe").invoke(null);
                log.log(System.Logger.Level.DEBUG, "cryograd FFT stages: SIMD (" + info + ")");
                return (LineBatchFft.Stage) c.getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                log.log(System.Logger.Level.DEBUG, "cryograd FFT stages: scalar (SIMD unusable: " + e + ")");
                return LineBatchFft.SCALAR;
            }
        }
        log.log(System.Logger.Level.DEBUG, "cryograd FFT stages: scalar (" + (module ? "cryograd.simd=false" : "no jdk.incubator.vector") + ")");
        return LineBatchFft.SCALAR;
    }
}
