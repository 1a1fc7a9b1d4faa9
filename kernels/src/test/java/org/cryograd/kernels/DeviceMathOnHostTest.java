package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.Philox;
import org.cryograd.tensor.cpu.CpuBackend;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device math that must equal the CPU backend, compiled for the host ({@code src/test/cuda/host_check.cu} includes
 * the kernels' own headers) and compared with the CPU: Philox streams, the fdlibm port behind normal random numbers,
 * the float sin/cos port, every unary and binary op, and the index arithmetic of packed {@code Dims8} views. This runs
 * the kernels' arithmetic, not the kernels: {@link DeviceOpsKernelTest} does that, in the emulator and on a GPU.
 * Skips when nvcc is not on the PATH.
 */
class DeviceMathOnHostTest {
    @TempDir
    static Path dir;
    private static Path exe;


    @BeforeAll
    static void build() throws Exception {
        Path nvcc = Toolchain.nvcc("the host build of the device math cannot be checked");
        exe = dir.resolve("host_check");
        Toolchain.Result r = Toolchain.run(null, nvcc.toString(), "-std=c++17", "-O2", "-Xcompiler", "-ffp-contract=off", "-I", "src/main/cuda",
                "-o", exe.toString(), "src/test/cuda/host_check.cu");
        assertEquals(0, r.status(), "nvcc failed:\n" + r.output());
    }

    private static byte[] call(byte[] input, String... args) throws IOException, InterruptedException {
        Path in = dir.resolve("in.bin"), out = dir.resolve("out.bin");
        Files.write(in, input);
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), args[0], in.toString(), out.toString()));
        cmd.addAll(List.of(args).subList(1, args.length));
        Toolchain.Result r = Toolchain.run(null, cmd.toArray(new String[0]));
        assertEquals(0, r.status(), "host_check " + String.join(" ", args) + " failed: " + r.output());
        return Files.readAllBytes(out);
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    private static byte[] bytes(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        ByteBuffer bb = le(4 * n);
        for (float[] p : parts) for (float v : p) bb.putFloat(v);
        return bb.array();
    }

    private static String hex(float v) {
        return Integer.toHexString(Float.floatToRawIntBits(v));
    }

    @Test
    void philoxStreamsEqualTheCpuBitForBit() throws Exception {
        long[][] cases = {{0, 0, 1}, {42, 5, 1001}, {-1L, 0xFFFF_FFFEL, 37}, {0x0123_4567_89AB_CDEFL, Long.MAX_VALUE - 2, 19}, {7, 1L << 40, 100_003}};
        for (long[] c : cases) {
            for (boolean normal : new boolean[] {false, true}) {
                int n = (int) c[2];
                float[] want = new float[n];
                Philox.fill(normal, c[0], c[1], want, 0, n);
                float[] got = floats(call(new byte[0], normal ? "normal" : "uniform", Long.toString(c[0]), Long.toString(c[1]), Integer.toString(n)));
                for (int i = 0; i < n; i++)
                    if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i]))
                        fail((normal ? "normal" : "uniform") + " seed " + c[0] + " counter " + c[1] + " element " + i + ": " + got[i] + ", CPU " + want[i]);
            }
        }
    }

    private static double[] fdlibm(String fn, double[] x) throws Exception {
        ByteBuffer bb = le(8 * x.length);
        for (double v : x) bb.putDouble(v);
        double[] y = new double[x.length];
        ByteBuffer.wrap(call(bb.array(), fn)).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(y);
        return y;
    }

    @Test
    void fdlibmPortEqualsStrictMath() throws Exception {
        Random rnd = new Random(1);
        int n = 60_000;
        double[] u = new double[n], a = new double[n], wide = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = (rnd.nextInt(1 << 24) + 1) * 0x1.0p-24; // the RNG's u1
            a[i] = 2.0 * Math.PI * (rnd.nextInt(1 << 24) * 0x1.0p-24); // the RNG's angle
            double mag = Math.pow(2, rnd.nextInt(40) - 30);
            wide[i] = switch (i % 4) {
                case 0 -> (rnd.nextDouble() * 2 - 1) * mag * 1e5;
                case 1 -> Math.nextAfter((rnd.nextInt(2000) - 1000) * (Math.PI / 2), rnd.nextBoolean() ? 1 : -1); // near n pi/2
                case 2 -> Double.longBitsToDouble(rnd.nextLong() & 0x7fff_ffff_ffff_ffffL); // any positive double (log)
                default -> rnd.nextGaussian() * mag;
            };
        }
        double[] specials = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, Double.MIN_NORMAL, 0x1.0p-24, 1 - 0x1.0p-24, Math.PI / 2, Math.PI / 4,
            3 * Math.PI / 4, 2 * Math.PI, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e300, 823549.0};
        for (double[] xs : new double[][] {u, a, wide, specials}) {
            double[] lg = fdlibm("log", xs), sn = fdlibm("sin", xs), cs = fdlibm("cos", xs);
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                assertEquals(Double.doubleToLongBits(StrictMath.log(x)), Double.doubleToLongBits(lg[i]), "log(" + x + ")");
                if (Math.abs(x) > 0x1.0p19 * Math.PI / 2) continue; // outside the ported reduction
                assertEquals(Double.doubleToLongBits(StrictMath.sin(x)), Double.doubleToLongBits(sn[i]), "sin(" + x + ")");
                assertEquals(Double.doubleToLongBits(StrictMath.cos(x)), Double.doubleToLongBits(cs[i]), "cos(" + x + ")");
            }
        }
    }

    private static float[] inputs() {
        Random rnd = new Random(2);
        List<Float> v = new ArrayList<>(List.of(0f, -0f, 1f, -1f, 2f, -2f, 0.5f, -0.5f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 8192f, -8192f,
                Math.nextUp(8192f), 1e5f, -3e7f, 88.7f, -103.9f, 1e-30f, 3f, -3f, (float) Math.PI, (float) (Math.PI / 2), -0.75f, 0.45f));
        for (int i = 0; i < 6000; i++) {
            float x = switch (i % 5) {
                case 0 -> (float) (rnd.nextDouble() * 20 - 10);
                case 1 -> (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6));
                case 2 -> (float) (rnd.nextInt(41) - 20) * 0.05f;
                case 3 -> (float) ((rnd.nextDouble() * 2 - 1) * 20000);
                default -> Float.intBitsToFloat(rnd.nextInt());
            };
            v.add(x);
        }
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) a[i] = v.get(i);
        return a;
    }

    private static float[] cpu(java.util.function.BiConsumer<CpuBackend, Storage[]> op, int n, float[]... in) {
        CpuBackend b = CpuBackend.INSTANCE;
        Storage[] s = new Storage[in.length + 1];
        for (int i = 0; i < in.length; i++) s[i] = b.upload(in[i], 0, in[i].length);
        s[in.length] = b.allocate(n);
        op.accept(b, s);
        float[] out = new float[n];
        b.download(s[in.length], 0, out, 0, n);
        return out;
    }

    private static void compare(String what, float[] x, float[] want, float[] got, boolean libm) {
        for (int i = 0; i < want.length; i++) {
            float w = want[i], g = got[i];
            if (Float.isNaN(w) && Float.isNaN(g)) continue;
            int diff = Math.abs(Float.floatToRawIntBits(w) - Float.floatToRawIntBits(g));
            boolean sameSign = (Float.floatToRawIntBits(w) ^ Float.floatToRawIntBits(g)) >= 0;
            if (diff == 0 || libm && sameSign && diff <= 1) continue;
            fail(what + " at x = " + x[i] + " (element " + i + "): host build gives " + g + ", CPU " + w);
        }
    }

    @Test
    void everyUnaryOpMatchesTheCpu() throws Exception {
        float[] x = inputs();
        for (UnaryOp op : UnaryOp.values()) {
            float[][] params = switch (op) {
                case LEAKY_RELU -> new float[][] {{0.2f, 0}};
                case CLAMP -> new float[][] {{-0.5f, 0.75f}, {Float.NEGATIVE_INFINITY, 0f}, {-0f, Float.POSITIVE_INFINITY}};
                case POW_SCALAR -> new float[][] {{2f, 0}, {0.5f, 0}, {-1.3f, 0}, {3f, 0}, {0f, 0}, {Float.NaN, 0}, {Float.POSITIVE_INFINITY, 0}};
                case ADD_SCALAR, MUL_SCALAR -> new float[][] {{0.3f, 0}};
                case SINE -> new float[][] {{30f, 0}, {1f, 0}};
                default -> new float[][] {{0, 0}};
            };
            for (float[] p : params) {
                float[] want = cpu((b, s) -> b.unary(op, p[0], p[1], s[0], s[1], x.length), x.length, x);
                float[] got = floats(call(bytes(x), "unary", Integer.toString(CudaElementwise.code(op)), hex(p[0]), hex(p[1])));
                boolean libm = Checks.LIBM_UNARY.contains(op);
                compare(op + " p0=" + p[0] + " p1=" + p[1], x, want, got, libm);
            }
        }
    }

    @Test
    void trigEqualsTheCpuBitForBitBelow8192() throws Exception {
        float[] x = inputs();
        for (UnaryOp op : new UnaryOp[] {UnaryOp.SIN, UnaryOp.COS}) {
            float[] want = cpu((b, s) -> b.unary(op, 0, 0, s[0], s[1], x.length), x.length, x);
            float[] got = floats(call(bytes(x), "unary", Integer.toString(CudaElementwise.code(op)), hex(0), hex(0)));
            for (int i = 0; i < x.length; i++) {
                if (!(Math.abs(x[i]) <= 8192f)) continue;
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), op + "(" + x[i] + ")");
            }
        }
    }

    @Test
    void everyBinaryOpMatchesTheCpu() throws Exception {
        float[] a = inputs();
        float[] b = new float[a.length];
        Random rnd = new Random(4);
        for (int i = 0; i < b.length; i++) b[i] = i % 7 == 0 ? a[i] : a[rnd.nextInt(a.length)]; // equal pairs for EQ/MAXIMUM ties
        int n = a.length;
        long[] st = {1};
        for (BinaryOp op : BinaryOp.values()) {
            float[][] params = switch (op) {
                case LEAKY_RELU_BACKWARD -> new float[][] {{0.2f, 0}};
                case CLAMP_BACKWARD -> new float[][] {{-0.5f, 0.75f}};
                case SINE_BACKWARD -> new float[][] {{30f, 0}, {1f, 0}};
                default -> new float[][] {{0, 0}};
            };
            for (float[] p : params) {
                float[] want = cpu((cb, s) -> cb.binary(op, p[0], p[1], s[0], st, s[1], st, s[2], new int[] {n}), n, a, b);
                float[] got = floats(call(bytes(a, b), "binary", Integer.toString(CudaElementwise.code(op)), hex(p[0]), hex(p[1])));
                boolean libm = op == BinaryOp.POW || op == BinaryOp.SINE_BACKWARD;
                compare(op + " p0=" + p[0], a, want, got, libm);
            }
        }
    }

    @Test
    void packedViewsGiveTheOffsetsOfTheOriginalStrides() throws Exception {
        Random rnd = new Random(5);
        for (int t = 0; t < 40; t++) {
            int r = 1 + rnd.nextInt(7);
            int[] shape = new int[r];
            long[] s0 = new long[r], s1 = new long[r];
            for (int d = 0; d < r; d++) {
                shape[d] = 1 + rnd.nextInt(4);
                s0[d] = rnd.nextInt(5) == 0 ? 0 : (rnd.nextInt(21) - 10);
            }
            long acc = 1;
            for (int d = r - 1; d >= 0; d--) {
                s1[d] = rnd.nextBoolean() ? acc : -acc;
                acc *= shape[d];
            }
            StridedDims c = StridedDims.collapse(shape, s0, s1);
            long n = c.numel();
            long[] got = new long[(int) (2 * n)];
            ByteBuffer.wrap(call(c.pack(), "offsets", Long.toString(n))).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(got);
            for (int i = 0; i < n; i++) {
                long rem = i, o0 = 0, o1 = 0;
                for (int d = r - 1; d >= 0; d--) {
                    long ci = rem % shape[d];
                    rem /= shape[d];
                    o0 += ci * s0[d];
                    o1 += ci * s1[d];
                }
                assertArrayEquals(new long[] {o0, o1}, new long[] {got[2 * i], got[2 * i + 1]}, "index " + i + " of " + c);
            }
            assertTrue(c.rank() <= r);
        }
    }
}
