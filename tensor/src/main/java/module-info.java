/**
 * The tensor engine: {@code org.cryograd.tensor} (tensors, autograd, the functional ops, devices, random streams) and
 * {@code org.cryograd.tensor.spi} (what a backend implements). The CPU backend's kernels in
 * {@code org.cryograd.tensor.cpu} are not API; the CPU backend is provided through the service loader like any other.
 */
module org.cryograd.tensor {
    // the SIMD kernels use the Vector API when the JVM has it (--add-modules jdk.incubator.vector); scalar twins else
    requires static jdk.incubator.vector;

    exports org.cryograd.tensor;
    exports org.cryograd.tensor.spi;

    uses org.cryograd.tensor.spi.BackendProvider;

    provides org.cryograd.tensor.spi.BackendProvider with org.cryograd.tensor.cpu.CpuBackendProvider;
}
