package org.cryograd.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jcuda.driver.CUdeviceptr;
import org.cryograd.tensor.spi.Storage;

/**
 * Every kernel of {@code src/main/cuda} on the CPU: the unmodified sources compiled by g++ against
 * {@code src/test/cuda/emu_shim.h} (a thread per CUDA thread, barriers for __syncthreads and warp shuffles, a
 * simplified TF32 wmma) with AddressSanitizer, driven by {@code src/test/cuda/emu_core.cpp}. Both production launch
 * paths replay here unchanged: this is the {@link KernelRunner} that {@link CudaGemm}, {@link CudaConv},
 * {@link CudaPool}, {@link CudaUpsample} and {@link CudaSparse} launch into, and the {@link DeviceOps.Context} whose
 * plans (copy, elementwise, reduction, index, random) {@link #enqueue} takes. Work is recorded and replayed in one
 * emulator run when a result is read; the emulator checks every argument against the kernel's signature, so a wrongly
 * packed argument fails here instead of corrupting memory on a GPU. Buffers are host arrays; stand-in storages are
 * {@link CudaStorage}s without device memory. Needs g++ 11 or newer (tests skip, saying why, without it);
 * {@code -Dcryograd.emu.sanitizer=thread} builds a ThreadSanitizer variant instead.
 */
final class KernelEmulator implements KernelRunner, DeviceOps.Context {
    private static final Path CUDA = Path.of("src/main/cuda");
    private static final Path SHIM = Path.of("src/test/cuda");
    private static final Path OUT = Path.of("target/emu");
    private static final String SANITIZER = System.getProperty("cryograd.emu.sanitizer", "address");
    private static final int MAGIC = 0x43454D55, FLOAT = 0, INT = 1, UNTYPED = 2;
    private static Path binary;
    private static String unavailable;
    private static RuntimeException broken;

    private final int multiprocessors;
    private final Map<Object, Integer> ids = new IdentityHashMap<>();
    private final List<byte[]> buffers = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final ByteArrayOutputStream ops = new ByteArrayOutputStream();
    private int pending;

    /** An emulated device reporting {@code multiprocessors} SMs (few SMs: small grids, grid-stride loops that go round). */
    KernelEmulator(int multiprocessors) {
        this.multiprocessors = multiprocessors;
    }

    @Override
    public int computeCapability() {
        return 90; // the wmma model runs the sm_90-only TF32 variants too
    }

    @Override
    public int multiprocessors() {
        return multiprocessors;
    }

    // ------------------------------------------------------------------------------------------- memory

    /** A stand-in storage holding a copy of {@code data} (float pointers only). */
    CudaStorage floats(float[] data) {
        ByteBuffer b = le(4 * data.length);
        b.asFloatBuffer().put(data);
        return add(FLOAT, b.array());
    }

    /** A zero-filled stand-in of {@code n} 4-byte words of any type (workspaces, the index error word). */
    CudaStorage words(long n) {
        return add(UNTYPED, new byte[Math.toIntExact(4 * n)]);
    }

    @Override
    public CudaStorage scratch(long bytes) {
        return words((bytes + 3) / 4);
    }

    @Override
    public Object upload(int[] data) {
        ByteBuffer b = le(4 * data.length);
        b.asIntBuffer().put(data);
        return add(INT, b.array());
    }

    @Override
    public Object upload(float[] data) {
        return floats(data);
    }

    @Override
    public void free(Object handle) {
        id(handle); // only handles this device gave out
    }

    private CudaStorage add(int type, byte[] data) {
        CudaStorage s = new CudaStorage(new CUdeviceptr(), data.length / 4, CudaAllocator.sizeClass(data.length));
        ids.put(s, buffers.size());
        buffers.add(data);
        types.add(type);
        return s;
    }

    private int id(Object storage) {
        Integer i = ids.get(storage);
        if (i == null) throw new IllegalArgumentException("storage unknown to the emulator: " + storage);
        return i;
    }

    /** The contents of {@code s} after all work queued so far. */
    float[] read(Storage s) {
        flush();
        float[] f = new float[buffers.get(id(s)).length / 4];
        ByteBuffer.wrap(buffers.get(id(s))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    /** The contents of {@code s} as ints (the error word) after all work queued so far. */
    int[] readInts(Storage s) {
        flush();
        int[] v = new int[buffers.get(id(s)).length / 4];
        ByteBuffer.wrap(buffers.get(id(s))).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    // ------------------------------------------------------------------------------------------- work

    @Override
    public void launch(String module, String kernel, Grid g, Object... args) {
        i(0);
        byte[] name = kernel.getBytes(StandardCharsets.US_ASCII);
        i(name.length);
        ops.writeBytes(name);
        for (int v : new int[] {g.gx(), g.gy(), g.gz(), g.bx(), g.by(), g.bz(), args.length}) i(v);
        for (Object a : args) {
            if (a instanceof Ptr p && p.base() == null) {
                i(1);
            } else if (a instanceof Ptr p) {
                pointer(p.base(), p.offset());
            } else if (a instanceof DeviceOps.Ptr p) {
                pointer(p.base(), p.offset());
            } else if (a instanceof Integer v) {
                i(2);
                i(v);
            } else if (a instanceof Long v) {
                i(3);
                l(v);
            } else if (a instanceof Float v) {
                i(4);
                i(Float.floatToRawIntBits(v));
            } else if (a instanceof byte[] v) {
                i(5);
                i(v.length);
                ops.writeBytes(v);
            } else {
                throw new IllegalArgumentException("kernel " + kernel + ": unsupported argument " + a);
            }
        }
        pending++;
    }

    private void pointer(Object base, long offset) {
        i(0);
        i(id(base));
        l(offset);
    }

    @Override
    public void zero(Storage s, long offset, long n) {
        memset(s, offset, 0, n);
    }

    private void memset(Object s, long offset, int value, long n) {
        i(1);
        i(id(s));
        l(offset);
        i(value);
        l(n);
        pending++;
    }

    /** Queues a plan of the copy, elementwise, reduction, index or random launchers, in order. */
    void enqueue(List<DeviceOps.Op> plan) {
        for (DeviceOps.Op op : plan) {
            if (op instanceof DeviceOps.Launch l) {
                launch(l.module(), l.kernel(), Grid.of(l.blocks(), l.threads(), 1), l.args());
            } else if (op instanceof DeviceOps.Memset m) {
                memset(m.dst().base(), m.dst().offset(), m.value(), m.count());
            } else if (op instanceof DeviceOps.Copy c) {
                i(2);
                pointerWords(c.dst());
                pointerWords(c.src());
                l(c.count());
                pending++;
            }
        }
    }

    private void pointerWords(DeviceOps.Ptr p) {
        i(id(p.base()));
        l(p.offset());
    }

    /** Replays the recorded work in the emulator and takes back every buffer. */
    private void flush() {
        if (pending == 0) return;
        Path exe = binary();
        try {
            Path dir = Files.createTempDirectory("emu");
            try {
                Path script = dir.resolve("script.bin"), out = dir.resolve("out.bin");
                ByteArrayOutputStream s = new ByteArrayOutputStream();
                s.writeBytes(le(8).putInt(MAGIC).putInt(buffers.size()).array());
                for (int b = 0; b < buffers.size(); b++) {
                    s.writeBytes(le(12).putInt(types.get(b)).putLong(buffers.get(b).length / 4).array());
                    s.writeBytes(buffers.get(b));
                }
                s.writeBytes(le(4).putInt(pending).array());
                ops.writeTo(s);
                Files.write(script, s.toByteArray());
                Toolchain.Result r = Toolchain.run(null, exe.toString(), script.toString(), out.toString());
                if (r.status() != 0) throw new IllegalStateException("kernel emulator failed (" + r.status() + "):\n" + r.output());
                byte[] all = Files.readAllBytes(out);
                int p = 0;
                for (byte[] b : buffers) {
                    System.arraycopy(all, p, b, 0, b.length);
                    p += b.length;
                }
            } finally {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.delete(f);
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the kernel emulator", e);
        }
        ops.reset();
        pending = 0;
    }

    private void i(int v) {
        ops.writeBytes(le(4).putInt(v).array());
    }

    private void l(long v) {
        ops.writeBytes(le(8).putLong(v).array());
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ------------------------------------------------------------------------------------------- build

    /**
     * The emulator binary, built once per run (reused while no source is newer); skips the calling test without
     * g++ 11+, fails every caller when the build fails.
     */
    static synchronized Path binary() {
        if (binary == null && unavailable == null && broken == null) {
            try {
                unavailable = Toolchain.gxxProblem();
                if (unavailable == null) binary = build();
            } catch (IOException e) {
                broken = new UncheckedIOException("building the kernel emulator", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                broken = new IllegalStateException("interrupted while building the kernel emulator", e);
            } catch (IllegalStateException e) {
                broken = e;
            }
        }
        if (broken != null) throw broken;
        assumeTrue(unavailable == null, () -> "kernel emulator unavailable: " + unavailable);
        return binary;
    }

    private static Path build() throws IOException, InterruptedException {
        Path bin = OUT.resolve("emu_core-" + SANITIZER).toAbsolutePath();
        if (Files.exists(bin) && Math.max(newest(CUDA), newest(SHIM)) < Files.getLastModifiedTime(bin).toMillis()) return bin;
        Files.createDirectories(OUT);
        Files.deleteIfExists(bin);
        List<String> gxx = List.of("g++", "-std=c++20", "-pthread", "-ffp-contract=off", "-Wno-unknown-pragmas", "-I", SHIM.toString(), "-I",
                CUDA.toString(), "-I", OUT.toString());
        // the kernel table: every extern "C" function of the preprocessed sources, so new kernels need no edit here
        Path registry = OUT.resolve("registry.inc");
        Files.writeString(registry, "");
        Toolchain.Result pre = run(gxx, "-E", "-P", SHIM.resolve("emu_core.cpp").toString());
        TreeSet<String> kernels = new TreeSet<>();
        Matcher m = Pattern.compile("extern \"C\" +void +(\\w+)").matcher(pre.output());
        while (m.find())
            if (!m.group(1).startsWith("__")) kernels.add("REG(" + m.group(1) + ")\n"); // not the C++ library's (<mutex>)
        Files.writeString(registry, String.join("", kernels));
        run(gxx, "-O1", "-g", "-fsanitize=" + SANITIZER, "-fno-omit-frame-pointer", "-o", bin.toString(), SHIM.resolve("emu_core.cpp").toString());
        return bin;
    }

    private static Toolchain.Result run(List<String> gxx, String... more) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(gxx);
        cmd.addAll(List.of(more));
        Toolchain.Result r = Toolchain.run(null, cmd.toArray(new String[0]));
        if (r.status() != 0) throw new IllegalStateException("building the kernel emulator failed:\n" + r.output());
        return r;
    }

    private static long newest(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        }
    }
}
