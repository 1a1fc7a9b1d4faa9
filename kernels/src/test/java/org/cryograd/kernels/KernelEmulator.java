package org.cryograd.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcuda.driver.CUdeviceptr;

/**
 * Runs launch plans ({@link DeviceOps}) of the copy, elementwise, reduction, index and random kernels on the CPU: the
 * unmodified kernel sources compiled with {@code src/test/cuda/emu_shim.h} and AddressSanitizer into
 * {@code target/emu-core/emu_core}. Storages are host arrays standing in for device memory; a script carries the
 * buffers and operations to the emulator and the buffers come back. Needs g++ (C++20).
 */
final class KernelEmulator implements DeviceOps.Context {
    private static final Path OUT = Path.of("target/emu-core");
    private static Path binary;
    private static String unavailable;

    private final Map<CudaStorage, byte[]> data = new IdentityHashMap<>();
    private final List<CudaStorage> order = new ArrayList<>();
    private final int multiprocessors;

    KernelEmulator(int multiprocessors) {
        this.multiprocessors = multiprocessors;
    }

    /** The emulator binary, built once per run; skips the calling test when g++ is missing or fails. */
    static synchronized Path binary() {
        if (binary == null && unavailable == null) {
            try {
                Path gxx = Nvcc.onPath("g++");
                if (gxx == null) {
                    unavailable = "g++ is not on the PATH";
                } else {
                    Files.createDirectories(OUT);
                    Path exe = OUT.resolve("emu_core");
                    Nvcc.Result r = Nvcc.run(null, gxx.toString(), "-std=c++20", "-pthread", "-ffp-contract=off", "-O1", "-g", "-fsanitize=address",
                            "-fno-omit-frame-pointer", "-Wno-unknown-pragmas", "-I", "src/test/cuda", "-I", "src/main/cuda", "-x", "c++", "-o",
                            exe.toString(), "src/test/cuda/emu_core.cpp");
                    if (r.status() == 0) binary = exe;
                    else unavailable = "g++ could not build the kernel emulator:\n" + r.output();
                }
            } catch (IOException | InterruptedException e) {
                unavailable = "building the kernel emulator failed: " + e;
            }
        }
        assumeTrue(binary != null, () -> "kernel emulator unavailable: " + unavailable);
        return binary;
    }

    @Override
    public int multiprocessors() {
        return multiprocessors;
    }

    @Override
    public CudaStorage scratch(long bytes) {
        CudaStorage s = new CudaStorage(new CUdeviceptr(), bytes / Float.BYTES, CudaAllocator.sizeClass(bytes));
        data.put(s, new byte[(int) bytes]);
        order.add(s);
        return s;
    }

    /** A stand-in storage holding a copy of {@code values}. */
    CudaStorage storage(float[] values) {
        CudaStorage s = new CudaStorage(new CUdeviceptr(), values.length, CudaAllocator.sizeClass(4L * values.length));
        ByteBuffer bb = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) bb.putFloat(v);
        data.put(s, bb.array());
        order.add(s);
        return s;
    }

    /** A zero-filled stand-in storage of {@code n} floats (the allocator's contract). */
    CudaStorage zeros(int n) {
        return storage(new float[n]);
    }

    /** The current contents of a storage. */
    float[] read(CudaStorage s) {
        byte[] b = data.get(s);
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    /** The current contents of a storage as ints (the error word). */
    int[] readInts(CudaStorage s) {
        byte[] b = data.get(s);
        int[] v = new int[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    private int buffer(CudaStorage s) {
        int i = order.indexOf(s);
        if (i < 0) throw new IllegalArgumentException("storage unknown to the emulator: " + s);
        return i;
    }

    /** Runs the operations in order and updates every storage. */
    void run(List<DeviceOps.Op> ops) throws IOException, InterruptedException {
        Path exe = binary();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Le w = new Le(out);
        w.i(0x43475245);
        w.i(order.size());
        for (CudaStorage s : order) {
            byte[] b = data.get(s);
            w.l(b.length);
            out.write(b);
        }
        w.i(ops.size());
        for (DeviceOps.Op op : ops) {
            if (op instanceof DeviceOps.Launch l) {
                w.i(0);
                byte[] name = l.kernel().getBytes(StandardCharsets.US_ASCII);
                w.i(name.length);
                out.write(name);
                w.i(l.blocks());
                w.i(l.threads());
                w.i(l.args().length);
                for (Object a : l.args()) {
                    if (a instanceof DeviceOps.Ptr p) {
                        w.i(0);
                        w.i(buffer(p.base()));
                        w.l(p.offset() * 4);
                    } else if (a instanceof Integer v) {
                        w.i(2);
                        w.i(v);
                    } else if (a instanceof Long v) {
                        w.i(3);
                        w.l(v);
                    } else if (a instanceof Float v) {
                        w.i(4);
                        w.i(Float.floatToRawIntBits(v));
                    } else if (a instanceof byte[] v) {
                        w.i(5);
                        w.i(v.length);
                        out.write(v);
                    } else {
                        throw new IllegalArgumentException("unsupported kernel argument " + a);
                    }
                }
            } else if (op instanceof DeviceOps.Memset m) {
                w.i(1);
                w.i(buffer(m.dst().base()));
                w.l(m.dst().offset() * 4);
                w.i(m.value());
                w.l(m.count());
            } else if (op instanceof DeviceOps.Copy c) {
                w.i(2);
                w.i(buffer(c.dst().base()));
                w.l(c.dst().offset() * 4);
                w.i(buffer(c.src().base()));
                w.l(c.src().offset() * 4);
                w.l(c.count() * 4);
            }
        }
        Path dir = Files.createTempDirectory("emu-core");
        try {
            Path script = dir.resolve("script.bin"), result = dir.resolve("out.bin");
            Files.write(script, out.toByteArray());
            Nvcc.Result r = Nvcc.run(null, exe.toString(), script.toString(), result.toString());
            if (r.status() != 0) throw new IllegalStateException("kernel emulator failed (" + r.status() + "):\n" + r.output());
            byte[] all = Files.readAllBytes(result);
            int p = 0;
            for (CudaStorage s : order) {
                byte[] b = data.get(s);
                System.arraycopy(all, p, b, 0, b.length);
                p += b.length;
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Little-endian writer. */
    private record Le(ByteArrayOutputStream out) {
        void i(int v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }

        void l(long v) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }
    }
}
