package org.cryograd.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * Loads the committed kernel images of one device and hands out their functions. Each {@code src/main/cuda/X.cu}
 * is built (by {@code kernels/build-ptx.sh}) into two resources under {@code org/cryograd/kernels/ptx/}: {@code X.ptx}
 * (compute_75, JIT-compiled by the driver on any sm_75+ GPU) and {@code X.sm_90.cubin} (machine code for Hopper,
 * loaded instead when the device is compute capability 9.0, so no JIT and Hopper's own code generation).
 */
final class CudaModules {
    /** Resource folder of the kernel images. */
    static final String RESOURCES = "/org/cryograd/kernels/ptx/";

    private final CudaDevice device;
    private final Map<String, CUmodule> modules = new ConcurrentHashMap<>();
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

    CudaModules(CudaDevice device) {
        this.device = device;
    }

    /**
     * The kernel {@code name} (an {@code extern "C"} symbol) of module {@code module} (the .cu file's base name).
     *
     * @throws IllegalStateException when the image or the symbol is missing or the driver rejects the image
     */
    CUfunction function(String module, String name) {
        return functions.computeIfAbsent(module + "/" + name, k -> {
            CUfunction f = new CUfunction();
            CudaErrors.check(JCudaDriver.cuModuleGetFunction(f, module(module), name), "cuModuleGetFunction(" + module + ", " + name + ")");
            return f;
        });
    }

    private CUmodule module(String module) {
        return modules.computeIfAbsent(module, m -> {
            boolean hopper = device.computeCapability() == 90;
            byte[] image = hopper ? read(m + ".sm_90.cubin") : null;
            String file = image != null ? m + ".sm_90.cubin" : m + ".ptx";
            if (image == null) {
                byte[] ptx = read(file);
                if (ptx == null) throw new IllegalStateException("CUDA kernel image " + RESOURCES + file + " is not on the class path (is cryograd-kernels complete?)");
                image = Arrays.copyOf(ptx, ptx.length + 1); // the driver reads PTX as a NUL-terminated string
            }
            device.makeCurrent();
            CUmodule mod = new CUmodule();
            CudaErrors.check(JCudaDriver.cuModuleLoadData(mod, image), "cuModuleLoadData(" + file + ") on " + device.name());
            return mod;
        });
    }

    private static byte[] read(String file) {
        try (InputStream in = CudaModules.class.getResourceAsStream(RESOURCES + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("reading CUDA kernel image " + RESOURCES + file, e);
        }
    }
}
