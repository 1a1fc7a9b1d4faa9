package org.cryograd.coordnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cryograd.em.geometry.Projector;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.TestDevices;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinate network runs where its tilt series lives: coordinates and targets are built on that device, the
 * networks are moved there, and the volume comes back there. A GPU run gives what the CPU gives (float tolerance);
 * it skips with the reason when no CUDA device opens, and the device-independent half runs everywhere.
 */
class CnDeviceTest {
    static Tensor tilts(Projector p, int ny, Device d) {
        Tensor vol = Tensor.of(CnTestData.spheres(p.nx(), ny, p.nz()), p.nz(), ny, p.nx());
        Tensor t = p.project(vol);
        return d.equals(Device.cpu()) ? t : t.to(d);
    }

    /** Coordinates built by broadcasting on the device equal the host's, value for value, for any set of y-slices. */
    static void coordinatesAndTargetsMatchTheHost(Device d) {
        Projector p = CnTestData.projector(7, 5, 30);
        int ny = 6;
        Tensor t = tilts(p, ny, d);
        CnProblem pb = new CnProblem(p, t, 0);
        assertEquals(d, pb.device);
        float[] all = t.to(Device.cpu()).toArray();
        for (int[] ys : new int[][] {{0}, {2, 3, 4}, {1, 4, 5}, {0, 1, 2, 3, 4, 5}}) {
            Tensor c = pb.coords(ys);
            assertEquals(d, c.device());
            assertArrayEquals(pb.coordsArray(ys), c.to(Device.cpu()).toArray(), "coordinates of y " + java.util.Arrays.toString(ys));
            Tensor g = pb.target(ys);
            assertEquals(d, g.device());
            assertArrayEquals(new int[] {p.views(), ys.length, p.nx()}, g.dims());
            float[] gv = g.to(Device.cpu()).toArray();
            for (int v = 0; v < p.views(); v++)
                for (int j = 0; j < ys.length; j++)
                    for (int x = 0; x < p.nx(); x++)
                        assertEquals(all[(v * ny + ys[j]) * p.nx() + x] / pb.scale, gv[(v * ys.length + j) * p.nx() + x],
                                "target view " + v + " y " + ys[j] + " x " + x);
        }
    }

    @Test
    void onTheCpuCoordinatesAndTargetsMatchTheHost() {
        coordinatesAndTargetsMatchTheHost(Device.cpu());
    }

    @Test
    void onTheGpuCoordinatesAndTargetsMatchTheHost() {
        coordinatesAndTargetsMatchTheHost(TestDevices.cudaOrSkip());
    }

    /** Chunked and whole-volume runs on the GPU: the volume comes back on the GPU and agrees with the CPU's run. */
    @Test
    void gpuReconstructionMatchesTheCpu(@TempDir Path dir) {
        Device gpu = TestDevices.cudaOrSkip();
        Projector p = CnTestData.projector(12, 8, 15);
        int ny = 6;
        for (CnConfig c : new CnConfig[] {CnConfig.quick().withIterations(20, 10).withSlicesPerChunk(2), CnConfig.quick().withWholeVolume(3, 30)}) {
            Tensor cpu = new CoordNetReconstructor(c).reconstruct(p, tilts(p, ny, Device.cpu()));
            Tensor dev = new CoordNetReconstructor(c).reconstruct(p, tilts(p, ny, gpu), dir.resolve("ck" + c.wholeVolume()), TrainingListener.NONE);
            assertEquals(gpu, dev.device(), "the volume comes back on the tilts' device");
            float[] a = cpu.toArray(), b = dev.to(Device.cpu()).toArray();
            double range = 0, worst = 0;
            for (float v : a) range = Math.max(range, Math.abs(v));
            for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
            // float arithmetic in another order (GEMM, libm sin) over tens of steps: agreement to 1e-3 of the range
            assertTrue(worst <= 1e-3 * range, (c.wholeVolume() ? "whole volume" : "chunks") + ": worst " + worst + " of range " + range);
        }
    }

    /** A CPU tensor gives a CPU volume, the same bit for bit whether the two outward chunk chains run in turn or at once. */
    @Test
    void theCpuRunStaysOnTheCpu() {
        Projector p = CnTestData.projector(8, 6, 20);
        CnConfig c = CnConfig.quick().withIterations(5, 3).withSlicesPerChunk(1).withSeed(4);
        Tensor t = tilts(p, 4, Device.cpu());
        Tensor a = new CoordNetReconstructor(c.withParallelChunks(1)).reconstruct(p, t);
        Tensor b = new CoordNetReconstructor(c.withParallelChunks(2)).reconstruct(p, t);
        assertEquals(Device.cpu(), a.device());
        assertEquals(Device.cpu(), b.device());
        assertArrayEquals(a.toArray(), b.toArray());
    }
}
