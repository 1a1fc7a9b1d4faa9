package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.cpu.Parallel;
import org.cryograd.tensor.spi.PadMode;
import org.junit.jupiter.api.Test;

/** The CPU backend gives bit-identical results, forward and backward, for 1 and N threads. */
class DeterminismTest {
    private static List<float[]> workload() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.randn(rng, 2, 3, 9, 10, 11).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 4, 3, 3, 3, 3).requiresGrad(true);
        Tensor wt = Tensor.randn(rng, 4, 2, 2, 2, 2).requiresGrad(true);
        Tensor a = Tensor.randn(rng, 3, 70, 90).requiresGrad(true);
        Tensor b = Tensor.randn(rng, 90, 50).requiresGrad(true);
        Tensor big = Tensor.randn(rng, 300_000).requiresGrad(true);
        Tensor h = F.conv3d(x, w, null, new int[] {1}, new int[] {1}, 1, PadMode.CIRCULAR).relu();
        Tensor u = F.convTranspose3d(h, wt, null, 2, 0);
        Tensor p = F.avgPool(3, F.maxPool3d(u, 2), new int[] {3}, new int[] {1}, new int[] {1}, true);
        Tensor s = F.softmax(F.upsampleLinear(p, false, 12, 12, 12), 1);
        Tensor m = a.matmul(b).tanh();
        Tensor loss = s.var().add(m.mean()).add(big.square().sum().mul(1e-6f));
        loss.backward();
        List<float[]> out = new ArrayList<>();
        for (Tensor t : new Tensor[] {loss, s, m, x.grad(), w.grad(), wt.grad(), a.grad(), b.grad(), big.grad()}) out.add(t.toArray());
        return out;
    }

    @Test
    void oneAndManyThreadsAgreeBitForBit() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<float[]> one = workload();
            Parallel.setThreads(4);
            List<float[]> four = workload();
            for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), four.get(i), "result " + i + " differs between 1 and 4 threads");
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
