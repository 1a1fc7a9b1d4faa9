package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.cpu.Parallel;
import org.cryograd.tensor.PadMode;

/**
 * Results are reproducible, forward and backward: on the CPU bit for bit for 1 and N threads; on other devices between
 * two runs of the same workload to float rounding (some GPU backward kernels add with float atomics, whose order is not
 * fixed; all forward results and everything without atomics must still repeat exactly, but this test does not know
 * which kernels a backend uses, so it asks only for 1e-5 relative).
 */
class DeterminismTest {
    private static List<float[]> workload(Device d) {
        Rng rng = new Rng(11);
        Tensor x = Tensor.randn(d, rng, 2, 3, 9, 10, 11).requiresGrad(true);
        Tensor w = Tensor.randn(d, rng, 4, 3, 3, 3, 3).requiresGrad(true);
        Tensor wt = Tensor.randn(d, rng, 4, 2, 2, 2, 2).requiresGrad(true);
        Tensor a = Tensor.randn(d, rng, 3, 70, 90).requiresGrad(true);
        Tensor b = Tensor.randn(d, rng, 90, 50).requiresGrad(true);
        Tensor big = Tensor.randn(d, rng, 300_000).requiresGrad(true);
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

    @OnEachDevice
    void repeatedRunsAgree(Device d) {
        TestDevices.use(d);
        List<float[]> one, two;
        String how;
        if (d.equals(Device.cpu())) {
            int saved = Parallel.threads();
            try {
                Parallel.setThreads(1);
                one = workload(d);
                Parallel.setThreads(4);
                two = workload(d);
            } finally {
                Parallel.setThreads(saved);
            }
            how = "between 1 and 4 threads";
        } else {
            one = workload(d);
            two = workload(d);
            how = "between two runs on " + d;
        }
        for (int i = 0; i < one.size(); i++) {
            if (d.equals(Device.cpu())) {
                assertArrayEquals(one.get(i), two.get(i), "result " + i + " differs " + how);
            } else {
                float[] a = one.get(i), b = two.get(i);
                double scale = 1e-30;
                for (float v : a) scale = Math.max(scale, Math.abs(v));
                for (int k = 0; k < a.length; k++)
                    assertEquals(a[k], b[k], 1e-5 * scale, "result " + i + " element " + k + " differs " + how);
            }
        }
    }
}
