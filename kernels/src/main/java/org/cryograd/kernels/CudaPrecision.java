package org.cryograd.kernels;

/**
 * The CUDA backend's precision switch. By default every GEMM and convolution runs in pure fp32 (results match the
 * CPU backend to float rounding). With the system property {@value #TF32_PROPERTY}{@code =true} the backend may use
 * TF32 tensor cores (10-bit mantissa inputs, fp32 accumulation) for them, on GPUs whose loaded kernel image has the
 * TF32 kernels (compute capability 9.0, which loads the sm_90 cubin); elsewhere the switch has no effect. This is
 * the trade PyTorch makes with {@code torch.backends.cuda.matmul.allow_tf32}: several times the throughput for about
 * 1e-3 relative error.
 *
 * <p>The property is read at every call, so it can be set before or while a program runs
 * ({@code -Dcryograd.cuda.tf32=true} or {@code System.setProperty}).
 */
public final class CudaPrecision {
    /** The system property that allows TF32 tensor cores ({@code "true"} to allow; default false). */
    public static final String TF32_PROPERTY = "cryograd.cuda.tf32";

    private CudaPrecision() {}

    /**
     * Whether TF32 tensor cores are allowed for GEMM and convolution.
     *
     * @return true when the system property {@value #TF32_PROPERTY} is {@code "true"} (ignoring case)
     */
    public static boolean allowTf32() {
        return Boolean.parseBoolean(System.getProperty(TF32_PROPERTY, "false"));
    }
}
