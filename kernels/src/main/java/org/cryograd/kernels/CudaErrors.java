package org.cryograd.kernels;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/** Turns driver result codes into exceptions that name the call and the error. */
final class CudaErrors {
    private CudaErrors() {}

    /**
     * Throws when {@code result} is not {@code CUDA_SUCCESS}.
     *
     * @param what the call, e.g. {@code "cuMemAlloc(4096 bytes)"}
     */
    static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) throw new IllegalStateException("CUDA " + what + " failed: " + name(result));
    }

    /** The driver's name of a result code ({@code CUDA_ERROR_OUT_OF_MEMORY}, ...). */
    static String name(int result) {
        return CUresult.stringFor(result);
    }

    /** Driver calls return codes instead of throwing; cryograd checks every one. */
    static void useReturnCodes() {
        JCudaDriver.setExceptionsEnabled(false);
    }
}
