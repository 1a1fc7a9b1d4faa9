package org.cryograd.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's usage lines compile and do what they say. */
class ReadmeExampleTest {
    @Test
    void readmeExampleRuns(@TempDir Path dir) throws Exception {
        int nz = 16, ny = 16, nx = 16;
        Rng rng = new Rng(31);
        Tensor vol = Tensor.randn(rng, 2, nz, ny, nx);
        // half2 = half1 + strong noise in shells >= 5 only (radius |k| >= 4.5 on this cubic grid): the FSC is 1 up to
        // shell 4 and ~1/sqrt(1 + 20^2) beyond, so the 0.143 crossing lies between shells 4 and 5
        float[] highPass = new float[nz * ny * (nx / 2 + 1)];
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x <= nx / 2; x++, i++) {
                    int kz = z <= nz / 2 ? z : z - nz, ky = y <= ny / 2 ? y : y - ny;
                    highPass[i] = Math.sqrt(kz * kz + ky * ky + x * x) >= 4.5 ? 20f : 0f;
                }
        Tensor noise = Fft.irfftn(Fft.multiply(Fft.rfftn(Tensor.randn(rng, nz, ny, nx), 3), Tensor.of(highPass, nz, ny, nx / 2 + 1)), nz, ny, nx);
        Tensor half1 = Tensor.randn(rng, nz, ny, nx), half2 = half1.add(noise);
        Tensor truth = half1, recon = half2, images = Tensor.randn(rng, 3, 16, 16), tomo = vol;

        Tensor spec = Fft.rfftn(vol, 3);
        Tensor back = Fft.irfftn(spec, nz, ny, nx);
        FscCurve fsc = Fsc.compute(half1, half2, 1.35);
        double res = fsc.resolution0143();
        fsc.writeCsv(dir.resolve("fsc.csv"));
        DirectionalFsc d = DirectionalFsc.compute(truth, recon, 1.0, TiltGeometry.range(-60, 60, 2, TiltAxis.Y));
        Tensor wedge = WedgeMask.measured(TiltAxis.Y, -60, 60, FourierLayout.HALF, nz, ny, nx);
        Tensor img = Ctf.ofMicrons(2.0, 300, 2.7, 0.1).withBFactor(50).apply(images, 1.2);
        Tensor dog = Filters.differenceOfGaussians(tomo, 3, 8.0, 8.8);

        assertArrayEquals(new int[] {2, nz, ny, nx / 2 + 1, 2}, spec.dims());
        Fixtures.assertClose(new Cgfx.Array(vol.dims(), vol.toArray()), back, 1e-6, 1e-6, "round trip");
        // shell s sits at s / (16 * 1.35) per Å: the crossing between shells 4 and 5 is a resolution in (4.32, 5.4] Å
        assertTrue(res > 16 * 1.35 / 5 && res <= 16 * 1.35 / 4, "0.143 crossing between shells 4 and 5: " + res + " Å, " + fsc);
        assertTrue(Files.size(dir.resolve("fsc.csv")) > 0);
        assertEquals(fsc.shells(), d.present().shells());
        assertArrayEquals(new int[] {nz, ny, nx / 2 + 1}, wedge.dims());
        assertArrayEquals(images.dims(), img.dims());
        assertArrayEquals(tomo.dims(), dog.dims());
    }
}
