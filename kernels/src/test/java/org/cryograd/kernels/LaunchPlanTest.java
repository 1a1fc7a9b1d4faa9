package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.ReduceOp;
import org.cryograd.tensor.spi.UnaryOp;
import org.junit.jupiter.api.Test;

/** Host-side choices of the launchers: variants, reduction plans, op codes shared with ops.cuh, error messages. */
class LaunchPlanTest {
    private static final int H100_SMS = 132;

    @Test
    void reductionPlansFollowTheShape() {
        // many short rows: a warp per row
        assertEquals(new CudaReduce.Plan(2, 100, 1), CudaReduce.plan(0, 100_000, 100, 1, H100_SMS));
        // many columns: a thread per output, coalesced across inner
        assertEquals(1, CudaReduce.plan(0, 64, 500, 8192, H100_SMS).variant());
        // short lines never split
        assertEquals(1, CudaReduce.plan(0, 2, 64, 3, H100_SMS).variant());
        assertEquals(2, CudaReduce.plan(0, 1, 4096, 1, H100_SMS).variant());
        // one huge line (a full sum): split into chunks of at least 1024 elements, enough warps for the device
        CudaReduce.Plan p = CudaReduce.plan(0, 1, 100_000_000, 1, H100_SMS);
        assertEquals(3, p.variant());
        assertTrue(p.chunkLen() >= 1024);
        assertTrue((long) p.chunks() * p.chunkLen() >= 100_000_000L && (long) (p.chunks() - 1) * p.chunkLen() < 100_000_000L, p.toString());
        assertEquals(H100_SMS * CudaReduce.THREADS_PER_SM / 32, p.chunks(), "one warp per chunk fills the device");
        // few columns with long lines
        CudaReduce.Plan q = CudaReduce.plan(0, 1, 1_000_000, 3, H100_SMS);
        assertEquals(3, q.variant());
        assertTrue(q.chunkLen() >= 16 && (long) q.chunks() * q.chunkLen() >= 1_000_000L);
        // forced variants
        assertEquals(3, CudaReduce.plan(3, 4, 10, 1, H100_SMS).variant());
        assertEquals(1, CudaReduce.plan(3, 4, 0, 5, H100_SMS).chunks());
        assertThrows(IllegalArgumentException.class, () -> CudaReduce.plan(2, 4, 10, 3, H100_SMS));
        assertThrows(IllegalArgumentException.class, () -> CudaReduce.plan(4, 4, 10, 3, H100_SMS));
    }

    @Test
    void everyChunkOfASplitPlanIsNonEmpty() {
        for (int n : new int[] {65, 1000, 4097, 12_345, 1 << 20, 99_999_999})
            for (int inner : new int[] {1, 3, 70})
                for (int sms : new int[] {1, 46, 132}) {
                    CudaReduce.Plan p = CudaReduce.plan(3, 1, n, inner, sms);
                    assertTrue((long) (p.chunks() - 1) * p.chunkLen() < n && (long) p.chunks() * p.chunkLen() >= n, p + " for n " + n);
                }
    }

    @Test
    void elementwiseAndSoftmaxVariants() {
        StridedDims flat = StridedDims.collapse(new int[] {7, 9}, new long[] {9, 1}, new long[] {0, 0});
        StridedDims rows = StridedDims.collapse(new int[] {7, 9}, new long[] {9, 1}, new long[] {1, 0});
        assertEquals("binary_4_flat_vec4", CudaElementwise.binaryKernel(0, flat));
        assertEquals("binary_3_flat", CudaElementwise.binaryKernel(3, flat));
        assertEquals("binary_2_strided32", CudaElementwise.binaryKernel(0, rows));
        assertEquals("binary_1_strided64", CudaElementwise.binaryKernel(1, rows));
        assertThrows(IllegalArgumentException.class, () -> CudaElementwise.binaryKernel(4, rows));
        assertEquals("unary_2_vec4", CudaElementwise.unaryKernel(0));
        assertEquals("unary_1_scalar", CudaElementwise.unaryKernel(1));
        assertThrows(IllegalArgumentException.class, () -> CudaElementwise.unaryKernel(3));
        assertEquals("softmax_2_warp_per_line", CudaReduce.softmaxKernel(0, 1));
        assertEquals("softmax_1_thread_per_line", CudaReduce.softmaxKernel(0, 5));
        assertThrows(IllegalArgumentException.class, () -> CudaReduce.softmaxKernel(2, 5));
        assertEquals("copy_strided_2_i32", CudaCopy.copyKernel(0, rows));
    }

    private static Map<String, Integer> enumCodes(String prefix) throws IOException {
        String src = Files.readString(Path.of("src/main/cuda/ops.cuh"));
        Map<String, Integer> m = new HashMap<>();
        Matcher mt = Pattern.compile(prefix + "([A-Z_]+) = (\\d+)").matcher(src);
        while (mt.find()) m.put(mt.group(1), Integer.parseInt(mt.group(2)));
        return m;
    }

    @Test
    void opCodesAgreeWithOpsCuh() throws IOException {
        Map<String, Integer> u = enumCodes("CG_UNARY_"), b = enumCodes("CG_BINARY_"), r = enumCodes("CG_REDUCE_");
        for (UnaryOp op : UnaryOp.values()) assertEquals(u.get(op.name()), CudaElementwise.code(op), "unary " + op);
        for (BinaryOp op : BinaryOp.values()) assertEquals(b.get(op.name()), CudaElementwise.code(op), "binary " + op);
        for (ReduceOp op : ReduceOp.values()) assertEquals(r.get(op.name()), CudaReduce.code(op), "reduce " + op);
        assertEquals(UnaryOp.values().length, u.get("COUNT"));
        assertEquals(BinaryOp.values().length, b.get("COUNT"));
    }

    @Test
    void indexErrorsAreWordedLikeTheCpu() {
        String m = CudaIndex.message(0, Float.floatToRawIntBits(3f), 3, "cuda:0");
        assertTrue(m.startsWith("gather: index 3.0 out of range [0, 3)"), m);
        assertTrue(m.contains("cuda:0"), m);
        assertTrue(CudaIndex.message(1, Float.floatToRawIntBits(-1.5f), 7, "cuda:1").startsWith("scatterAdd: index -1.5 out of range [0, 7)"));
        long[] s = CudaIndex.stridesWithoutAxis(new int[] {2, 3, 4}, 1);
        assertEquals(12, s[0]);
        assertEquals(0, s[1]);
        assertEquals(1, s[2]);
    }
}
