package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.kernels.KernelRunner.Grid;
import org.cryograd.kernels.KernelRunner.Ptr;
import org.cryograd.kernels.RecordingRunner.Launch;
import org.cryograd.kernels.RecordingRunner.Sized;
import org.cryograd.tensor.spi.ConvGeometry;
import org.junit.jupiter.api.Test;

/**
 * Host-side planning of the compute kernels, without a GPU: variant and tile choice, kernel names, grids, batch
 * chunking, stride phases, split-K, argument packing and the errors for bad arguments.
 */
class LaunchPlanningTest {
    private static int[] i3(int a, int b, int c) {
        return new int[] {a, b, c};
    }

    @Test
    void gemmTileShrinksWhenLargeTilesWouldNotFillTheGpu() {
        assertEquals(128, CudaGemm.regblockTile(4096, 4096, 1, 132));
        assertEquals(64, CudaGemm.regblockTile(256, 256, 1, 132));
        assertEquals(128, CudaGemm.regblockTile(256, 256, 40, 132)); // the batch fills it
        assertEquals("gemm_3_regblock_l_tn", CudaGemm.kernelName(CudaGemm.REGBLOCK, 128, true, false));
        assertEquals("gemm_3_regblock_s_nt", CudaGemm.kernelName(CudaGemm.REGBLOCK, 64, false, true));
        assertEquals("gemm_4_tf32_wmma_tt", CudaGemm.kernelName(CudaGemm.TF32_WMMA, 128, true, true));
        assertThrows(IllegalArgumentException.class, () -> CudaGemm.kernelName(CudaGemm.NAIVE, 128, false, false));
    }

    @Test
    void tf32IsUsedOnlyWhenAllowedAndInTheImage() {
        assertEquals(CudaGemm.REGBLOCK, CudaGemm.defaultVariant(90, false));
        assertEquals(CudaGemm.TF32_WMMA, CudaGemm.defaultVariant(90, true));
        assertEquals(CudaGemm.REGBLOCK, CudaGemm.defaultVariant(80, true)); // the JIT-compiled compute_75 PTX has no TF32
        assertEquals(CudaGemm.REGBLOCK, CudaGemm.defaultVariant(120, true));
        RecordingRunner ampere = new RecordingRunner(80, 108);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaGemm.gemm(ampere, CudaGemm.TF32_WMMA, 1, false, false,
                8, 8, 8, new Sized(64), 0, 0, new Sized(64), 0, 0, new Sized(64), 0, 0, false));
        assertTrue(e.getMessage().contains("compute capability 80"), e.getMessage());
    }

    @Test
    void precisionSwitchReadsItsSystemProperty() {
        String old = System.getProperty(CudaPrecision.TF32_PROPERTY);
        try {
            System.clearProperty(CudaPrecision.TF32_PROPERTY);
            assertFalse(CudaPrecision.allowTf32());
            System.setProperty(CudaPrecision.TF32_PROPERTY, "TRUE");
            assertTrue(CudaPrecision.allowTf32());
            System.setProperty(CudaPrecision.TF32_PROPERTY, "yes");
            assertFalse(CudaPrecision.allowTf32());
        } finally {
            if (old == null) System.clearProperty(CudaPrecision.TF32_PROPERTY);
            else System.setProperty(CudaPrecision.TF32_PROPERTY, old);
        }
    }

    @Test
    void gemmPacksItsArgumentsAndChunksLongBatches() {
        RecordingRunner r = new RecordingRunner(90, 132);
        int batch = 70_000;
        Sized a = new Sized(7L + (batch - 1L) * 12 + 12), b = new Sized(0L + 20), c = new Sized(3L + (batch - 1L) * 15 + 15);
        CudaGemm.gemm(r, CudaGemm.REGBLOCK, batch, true, false, 3, 5, 4, a, 7, 12, b, 0, 0, c, 3, 15, true);
        assertEquals(2, r.launches.size());
        Launch first = r.launches.get(0), second = r.launches.get(1);
        assertEquals("gemm_3_regblock_l_tn", first.kernel()); // 70000 blocks fill 132 SMs
        assertEquals(new Grid(1, 1, 65535, 256, 1, 1), first.grid());
        assertEquals(4465, second.grid().gz());
        // m, n, k, A, strideA, lda, B, strideB, ldb, C, strideC, ldc, accumulate
        Object[] x = second.args();
        assertEquals(13, x.length);
        assertEquals(new Ptr(a, 7 + 65535L * 12), x[3]);
        assertEquals(12L, x[4]);
        assertEquals(3, x[5]); // lda = m for transA
        assertEquals(new Ptr(b, 0), x[6]);
        assertEquals(5, x[8]); // ldb = n
        assertEquals(new Ptr(c, 3 + 65535L * 15), x[9]);
        assertEquals(1, x[12]);
        CudaGemm.gemm(r, CudaGemm.NAIVE, 1, false, true, 3, 5, 4, a, 0, 0, b, 0, 0, c, 0, 0, false);
        Launch naive = r.launches.get(2);
        assertEquals(15, naive.args().length);
        assertEquals(0, naive.args()[0]);
        assertEquals(1, naive.args()[1]);
        assertEquals(4, naive.args()[10]); // ldb = k for transB
    }

    @Test
    void gemmRejectsTooSmallStoragesNamingOperandAndShape() {
        RecordingRunner r = new RecordingRunner(75, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaGemm.gemm(r, CudaGemm.REGBLOCK, 2, false, false,
                4, 5, 6, new Sized(24), 0, 24, new Sized(60), 0, 30, new Sized(40), 0, 20, false));
        assertTrue(e.getMessage().contains("A needs 48 floats") && e.getMessage().contains("m=4, n=5, k=6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CudaGemm.gemm(r, CudaGemm.REGBLOCK, 1, false, false,
                -1, 5, 6, new Sized(99), 0, 0, new Sized(99), 0, 0, new Sized(99), 0, 0, false));
        CudaGemm.gemm(r, CudaGemm.REGBLOCK, 0, false, false, 4, 5, 6, new Sized(0), 0, 0, new Sized(0), 0, 0, new Sized(0), 0, 0, false);
        CudaGemm.gemm(r, CudaGemm.REGBLOCK, 3, false, false, 4, 5, 0, new Sized(0), 0, 0, new Sized(0), 0, 0, new Sized(60), 0, 20, true);
        assertEquals(0, r.launches.size()); // empty batch; k = 0 with accumulate leaves C as it is
    }

    @Test
    void stridePhasesPartitionTheInputExactly() {
        for (ConvGeometry g : ConvKernelTest.geometries()) {
            long[] sizes = ConvPlan.phaseSizes(g);
            assertEquals(ConvPlan.phases(g), sizes.length);
            long[] brute = new long[sizes.length];
            int[] s = g.stride(), p = g.padding(), in = g.in();
            for (int z = 0; z < in[0]; z++)
                for (int y = 0; y < in[1]; y++)
                    for (int x = 0; x < in[2]; x++)
                        brute[(Math.floorMod(z + p[0], s[0]) * s[1] + Math.floorMod(y + p[1], s[1])) * s[2] + Math.floorMod(x + p[2], s[2])]++;
            for (int i = 0; i < sizes.length; i++) assertEquals(brute[i], sizes[i], g + " phase " + i);
        }
    }

    @Test
    void weightGradientSplitCoversTheReductionInWholeSteps() {
        long[][] cases = {{131072, 7, 1, 132, 8}, {1024, 1, 1, 4, 8}, {100, 1, 1, 4, 8}, {1 << 30, 1, 40000, 132, 16}, {5000, 1000, 1, 132, 8}};
        for (long[] c : cases) {
            int[] s = ConvPlan.weightSplit(c[0], c[1], (int) c[2], (int) c[3], (int) c[4]);
            int splits = s[0], chunk = s[1];
            String what = java.util.Arrays.toString(c) + " -> " + splits + " x " + chunk;
            assertTrue(splits >= 1 && (long) splits * chunk >= c[0] && (long) (splits - 1) * chunk < c[0], what);
            assertEquals(0, chunk % c[4], what);
            assertTrue(splits * c[2] <= 65535, what);
            assertTrue(splits == 1 || chunk >= ConvPlan.MIN_STEPS_PER_SPLIT * c[4], what);
        }
        assertEquals(1, ConvPlan.weightSplit(5000, 1000, 1, 132, 8)[0]); // enough tiles already
        assertTrue(ConvPlan.weightSplit(131072, 7, 1, 132, 8)[0] > 50);
    }

    @Test
    void convolutionPicksTilesByChannelsAndPacksGeometry() {
        assertEquals(32, ConvPlan.tileM(16));
        assertEquals(32, ConvPlan.tileM(32));
        assertEquals(64, ConvPlan.tileM(33));
        assertEquals(128, ConvPlan.tileM(65));
        assertEquals(256, ConvPlan.tileN(32));
        assertEquals("conv_bwdd_2_implicit_m64", ConvPlan.kernel("bwdd", CudaConv.IMPLICIT, 64));
        assertEquals("conv_fwd_1_naive", ConvPlan.kernel("fwd", CudaConv.NAIVE, 128));
        assertEquals("conv_bwdw_3_tf32_m128", ConvPlan.kernel("bwdw", CudaConv.TF32, 128));

        ConvGeometry g = ConvGeometry.of(4, 32, 32, 1, i3(32, 32, 32), i3(3, 3, 3), i3(1, 1, 1), i3(1, 1, 1));
        RecordingRunner r = new RecordingRunner(90, 132);
        Sized x = new Sized(4L * 32 * 32768), w = new Sized(32L * 32 * 27), bias = new Sized(32);
        CudaConv.forward(r, CudaConv.IMPLICIT, g, x, w, bias, x);
        Launch f = r.launches.get(0);
        assertEquals("conv_fwd_2_implicit_m32", f.kernel());
        assertEquals(new Grid(512, 1, 1, 256, 1, 1), f.grid()); // 4 * 32768 columns / 256
        assertEquals(4 + 19, f.args().length);
        assertEquals(Ptr.of(bias), f.args()[2]);
        assertEquals(java.util.List.of(4, 32, 32, 1, 32, 32, 32, 32, 32, 32, 3, 3, 3, 1, 1, 1, 1, 1, 1),
                java.util.Arrays.asList(f.args()).subList(4, 23));
        CudaConv.forward(r, CudaConv.IMPLICIT, g, x, w, null, x);
        assertEquals(Ptr.NULL, r.launches.get(1).args()[2]);

        CudaConv.backwardWeight(r, CudaConv.IMPLICIT, g, x, x, w);
        Launch bw = r.launches.get(2);
        assertEquals(1, r.zeros.size()); // split: zeroed, then atomics
        assertEquals(32L * 32 * 27, r.zeros.get(0).n());
        int splits = (Integer) bw.args()[3];
        assertTrue(splits > 1);
        assertEquals(splits, bw.grid().gz());

        ConvGeometry down = ConvGeometry.of(2, 8, 8, 2, i3(9, 9, 9), i3(3, 3, 3), i3(2, 2, 2), i3(1, 1, 1));
        CudaConv.backwardData(r, CudaConv.IMPLICIT, down, x, w, x);
        Launch bd = r.launches.get(3);
        assertEquals(8, bd.args()[3]);              // phases
        assertEquals(2 * 8, bd.grid().gz());        // groups x phases
        assertEquals(ConvPlan.ceilDiv(2 * 125, 256), bd.grid().gx()); // largest phase: 5^3 positions
    }

    @Test
    void convolutionErrorsNameOperationOperandAndGeometry() {
        ConvGeometry g = ConvGeometry.of(1, 2, 3, 1, i3(4, 4, 4), i3(3, 3, 3), i3(1, 1, 1), i3(1, 1, 1));
        RecordingRunner r = new RecordingRunner(75, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaConv.forward(r, CudaConv.IMPLICIT, g, new Sized(128), new Sized(10), null, new Sized(192)));
        assertTrue(e.getMessage().contains("convForward") && e.getMessage().contains("w has 10 floats, needs 162")
                && e.getMessage().contains("cin=2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CudaConv.forward(r, CudaConv.TF32, g, new Sized(128), new Sized(162), null, new Sized(192)));
        CudaConv.backwardWeight(r, CudaConv.IMPLICIT, ConvGeometry.of(0, 2, 3, 1, i3(4, 4, 4), i3(3, 3, 3), i3(1, 1, 1), i3(1, 1, 1)),
                new Sized(0), new Sized(0), new Sized(162));
        assertEquals(1, r.zeros.size()); // an empty batch still overwrites gw
        assertEquals(0, r.launches.size());
    }

    @Test
    void poolingBackwardVariantFollowsOverlapAndWindowCost() {
        assertEquals(CudaPool.SCATTER, CudaPool.maxBackwardVariant(i3(2, 2, 2), i3(2, 2, 2)));  // disjoint windows
        assertEquals(CudaPool.GATHER, CudaPool.maxBackwardVariant(i3(1, 3, 3), i3(1, 2, 2)));   // 4 windows x 9 cells
        assertEquals(CudaPool.SCATTER, CudaPool.maxBackwardVariant(i3(3, 3, 3), i3(1, 1, 1)));  // 27 windows x 27 cells
        assertEquals(CudaPool.GATHER, CudaPool.avgBackwardVariant());
        RecordingRunner r = new RecordingRunner(75, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaPool.maxPool(r, new Sized(1000), new Sized(1000), 1,
                i3(4, 4, 4), i3(3, 3, 3), i3(2, 2, 2), i3(2, 2, 2), i3(0, 0, 0)));
        assertTrue(e.getMessage().contains("maxPool") && e.getMessage().contains("output [3, 3, 3]"), e.getMessage());
        CudaPool.maxPoolBackward(r, CudaPool.SCATTER, new Sized(64), new Sized(8), new Sized(64), 1, i3(4, 4, 4), i3(2, 2, 2), i3(2, 2, 2),
                i3(2, 2, 2), i3(0, 0, 0));
        assertEquals(1, r.zeros.size());
        assertEquals("maxpool_bwd_1_scatter", r.launches.get(0).kernel());
        assertEquals(3 + 16, r.launches.get(0).args().length);
    }

    @Test
    void spmmUsesWarpsOnlyForLongRowsAndFewColumns() {
        assertEquals(CudaSparse.WARP, CudaSparse.variantFor(100, 100 * 64, 1));
        assertEquals(CudaSparse.THREAD, CudaSparse.variantFor(100, 100 * 64, 16));
        assertEquals(CudaSparse.THREAD, CudaSparse.variantFor(100, 100 * 8, 1));
        assertEquals(CudaSparse.THREAD, CudaSparse.variantFor(0, 0, 1));
    }

    @Test
    void gridsRespectCudaLimits() {
        assertThrows(IllegalArgumentException.class, () -> new Grid(1, 1, 65536, 256, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Grid(1, 1, 1, 1025, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Grid.of(1L << 31, 256, 1));
        assertEquals(new Grid(4 * 32, 1, 1, 256, 1, 1), Grid.stride(1L << 40, 4)); // grid-stride: at most 32 blocks per SM
        assertEquals(new Grid(1, 1, 1, 256, 1, 1), Grid.stride(0, 4));
        assertInstanceOf(Grid.class, Grid.stride(1000, 132).withZ(7));
    }
}
