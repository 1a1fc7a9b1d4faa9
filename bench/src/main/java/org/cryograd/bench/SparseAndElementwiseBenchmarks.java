package org.cryograd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cryograd.tensor.F;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.SparseCsr;
import org.cryograd.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hot paths beyond the PyTorch anchor: a parallel-beam projector as a sparse operator applied to all
 * y-slices at once (61 views, 256 x 64 x-z slices, 256 y-slices) and its adjoint, and an elementwise
 * training chain on 4M elements.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class SparseAndElementwiseBenchmarks {
    /** Operator and inputs, made once per trial. */
    @State(Scope.Benchmark)
    public static class Data {
        SparseCsr projector;
        Tensor volume, sinogram, x, y, z;

        /** Builds a linear-interpolation projector (rows = view * nx + detector bin, columns = x * nz + z). */
        @Setup(Level.Trial)
        public void setup() {
            projector = projector(256, 64, 61, -60, 2);
            Rng rng = new Rng(1);
            volume = Tensor.randn(rng, 256 * 64, 256);
            sinogram = Tensor.randn(rng, 61 * 256, 256);
            x = Tensor.randn(rng, 4, 1 << 20).requiresGrad();
            y = Tensor.randn(rng, 4, 1 << 20);
            z = Tensor.randn(rng, 1 << 20);
        }
    }

    static SparseCsr projector(int nx, int nz, int views, double first, double step) {
        int rows = views * nx;
        int[] rowPtr = new int[rows + 1];
        List<List<int[]>> perRow = new ArrayList<>(rows);
        List<List<Float>> perRowVal = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            perRow.add(new ArrayList<>());
            perRowVal.add(new ArrayList<>());
        }
        for (int v = 0; v < views; v++) {
            double t = Math.toRadians(first + v * step), c = Math.cos(t), s = Math.sin(t);
            for (int ix = 0; ix < nx; ix++) {
                for (int iz = 0; iz < nz; iz++) {
                    double u = (ix - (nx - 1) / 2.0) * c + (iz - (nz - 1) / 2.0) * s + (nx - 1) / 2.0;
                    int u0 = (int) Math.floor(u);
                    double f = u - u0;
                    for (int k = 0; k < 2; k++) {
                        int ub = u0 + k;
                        float w = (float) (k == 0 ? 1 - f : f);
                        if (ub < 0 || ub >= nx || w == 0) continue;
                        perRow.get(v * nx + ub).add(new int[] {ix * nz + iz});
                        perRowVal.get(v * nx + ub).add(w);
                    }
                }
            }
        }
        int nnz = 0;
        for (int r = 0; r < rows; r++) {
            rowPtr[r] = nnz;
            nnz += perRow.get(r).size();
        }
        rowPtr[rows] = nnz;
        int[] colIdx = new int[nnz];
        float[] values = new float[nnz];
        int p = 0;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < perRow.get(r).size(); i++) {
                colIdx[p] = perRow.get(r).get(i)[0];
                values[p++] = perRowVal.get(r).get(i);
            }
        }
        return new SparseCsr(rows, nx * nz, rowPtr, colIdx, values);
    }

    /** Forward projection of 256 y-slices. */
    @Benchmark
    public float projector_fwd_61x256_256x64x256(Data d) {
        try (Grad g = Grad.disabled(); Tensor s = F.spmm(d.projector, d.volume)) {
            return s.numel();
        }
    }

    /** Back-projection (adjoint) of 256 y-slices. */
    @Benchmark
    public float projector_adjoint_61x256_256x64x256(Data d) {
        try (Grad g = Grad.disabled(); Tensor s = F.spmmT(d.projector, d.sinogram)) {
            return s.numel();
        }
    }

    /** ((x * y + z).leakyRelu(0.2))^2 mean, forward + backward, 4M elements with broadcasting. */
    @Benchmark
    public float elementwise_chain_fwdbwd_4m(Data d) {
        d.x.zeroGrad();
        try (MemoryScope s = MemoryScope.open()) {
            Tensor loss = d.x.mul(d.y).add(d.z).leakyRelu(0.2f).square().mean();
            loss.backward();
            return loss.item();
        }
    }
}
