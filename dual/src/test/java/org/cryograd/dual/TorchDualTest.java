package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cryograd.nn.io.SafeTensorsFile;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DUAL's networks, forward passes and losses (eq. 1-9) against PyTorch ({@code src/test/python/make_dual_fixtures.py},
 * float64 references from the same float32 weights and inputs).
 */
class TorchDualTest {
    static SafeTensorsFile weights, io;

    @BeforeAll
    static void load() throws Exception {
        weights = Fixtures.read("dual_weights.safetensors");
        io = Fixtures.read("dual_io.safetensors");
    }

    @AfterAll
    static void close() {
        weights.close();
        io.close();
    }

    static DualNetworks nets() {
        DualNetworks n = new DualNetworks(Fixtures.tiny(), new Rng(3));
        n.loadStateDict(weights.tensors(), true);
        return n;
    }

    static float[] f(String name) {
        return io.get(name).toArray();
    }

    static double scalar(String name) {
        return io.get(name).toArray()[0];
    }

    @Test
    void stateNamesMatchPyTorch() {
        DualNetworks n = new DualNetworks(Fixtures.tiny(), new Rng(3));
        assertEquals(weights.tensors().keySet(), n.stateDict().keySet());
    }

    @Test
    void discriminatorBranchesMatchTorch() {
        try (MemoryScope s = MemoryScope.open()) {
            DualNetworks n = nets();
            Tensor tr = io.get("tr");
            Fixtures.assertClose("Dt spatial logits", f("dt_spatial"), n.noisyDiscriminator().spatialLogits(tr).toArray(), 1e-4);
            Fixtures.assertClose("Dt radial log-amplitude spectrum", f("dt_profile"),
                    new org.cryograd.dual.net.SpectralProfile(16).forward(tr).toArray(), 1e-4);
            Fixtures.assertClose("Dt spectral logit", f("dt_spectral"), n.noisyDiscriminator().spectralLogits(tr).toArray(), 1e-4);
        }
    }

    @Test
    void generatorObjectiveAndGradientsMatchTorch() {
        try (MemoryScope s = MemoryScope.open()) {
            DualNetworks n = nets();
            DualStep step = new DualStep(n, DualTrainer.adamW(n.config(), n.generatorParameters()), DualTrainer.adamW(n.config(), n.discriminatorParameters()));
            Tensor tr = io.get("tr"), vr = io.get("vr");
            for (Tensor p : n.discriminatorParameters()) p.requiresGrad(false);
            DualStep.Terms t = step.generatorTerms(tr, vr, io.get("z"), io.get("perm"));
            Fixtures.assertClose("Dn(t_r) corner", f("vf_corner"), t.vf().slice(2, 0, 4).slice(3, 0, 4).slice(4, 0, 4).toArray(), 1e-4);
            assertEquals(scalar("loss.rec_v"), t.recV().item(), 1e-4 * Math.max(1, Math.abs(scalar("loss.rec_v"))), "L^v_rec");
            assertEquals(scalar("loss.rec_t"), t.recT().item(), 1e-4 * Math.max(1, Math.abs(scalar("loss.rec_t"))), "L^t_rec");
            assertEquals(scalar("loss.adv_g"), t.advG().item(), 1e-4 * Math.max(1, Math.abs(scalar("loss.adv_g"))), "L^G_adv");
            assertEquals(scalar("loss.kl"), t.kl().item(), 2e-4 * Math.abs(scalar("loss.kl")), "L_KL");
            assertEquals(scalar("loss.total"), t.total().item(), 2e-4 * Math.abs(scalar("loss.total")), "L");
            t.total().backward();
            for (Tensor p : n.discriminatorParameters()) p.requiresGrad(true);
            Map<String, Tensor> named = n.namedParameters();
            int checked = 0;
            for (Map.Entry<String, Tensor> e : named.entrySet()) {
                String key = "grad_g." + e.getKey();
                if (io.tensors().containsKey(key)) {
                    assertNotNull(e.getValue().grad(), e.getKey() + " got no gradient");
                    Fixtures.assertClose("dL/d" + e.getKey(), f(key), e.getValue().grad().toArray(), 2e-3);
                    checked++;
                } else {
                    assertTrue(e.getValue().grad() == null, "discriminator parameter " + e.getKey() + " must be frozen in the generator step");
                }
            }
            assertEquals(n.generatorParameters().size(), checked);
            n.zeroGrad();
            Tensor advD = step.discriminatorLoss(tr, vr, t.tf(), t.vf());
            assertEquals(scalar("loss.adv_d"), advD.item(), 1e-4 * Math.max(1, scalar("loss.adv_d")), "L^D_adv");
            advD.backward();
            checked = 0;
            for (Map.Entry<String, Tensor> e : named.entrySet()) {
                String key = "grad_d." + e.getKey();
                if (io.tensors().containsKey(key)) {
                    Fixtures.assertClose("dL_D/d" + e.getKey(), f(key), e.getValue().grad().toArray(), 1e-3);
                    checked++;
                } else {
                    assertTrue(e.getValue().grad() == null, "generator parameter " + e.getKey() + " must get no gradient from L^D_adv (fakes detached)");
                }
            }
            assertEquals(n.discriminatorParameters().size(), checked);
            n.zeroGrad();
        }
    }

    @Test
    void reconstructionLossMatchesTorch() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor a = io.get("rec_a"), ah = io.get("rec_ahat").copy().requiresGrad();
            Tensor l = DualLosses.reconstruction(a, ah, 1e-6f);
            assertEquals(scalar("rec_value"), l.item(), 1e-5 * Math.max(1, Math.abs(scalar("rec_value"))));
            l.backward();
            Fixtures.assertClose("d rec / d ahat", f("rec_grad"), ah.grad().toArray(), 1e-4);
        }
    }

    @Test
    void bceAgainstConstantLabelsMatchesTorch() {
        try (MemoryScope s = MemoryScope.open()) {
            for (int label = 0; label <= 1; label++) {
                Tensor x = io.get("bce_logits").copy().requiresGrad();
                Tensor l = DualLosses.bce(x, label);
                assertEquals(scalar("bce" + label + "_value"), l.item(), 1e-5, "BCE value, label " + label);
                l.backward();
                Fixtures.assertClose("BCE grad, label " + label, f("bce" + label + "_grad"), x.grad().toArray(), 1e-4);
            }
        }
    }

    @Test
    void klValueAndGradientMatchTorch() {
        for (String tag : new String[] {"full", "deficient"}) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor c = io.get("kl_" + tag + "_codes").copy().requiresGrad();
                Tensor l = GaussianKl.loss(c, 1e-3);
                double e = scalar("kl_" + tag + "_value");
                assertEquals(e, l.item(), 1e-6 * Math.abs(e), "KL value, " + tag);
                l.backward();
                // the value and gradient are computed in double from the codes, so only the final float32 rounding remains
                Fixtures.assertClose("dKL/dcodes, " + tag, f("kl_" + tag + "_grad"), c.grad().toArray(), 1e-6);
            }
        }
    }

    @Test
    void softVoxelHistogramMatchesTorch() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor x = io.get("hist_x").copy().requiresGrad();
            Tensor h = new org.cryograd.dual.net.VoxelHistogram(12, 4f).forward(x);
            Fixtures.assertClose("soft histogram", f("hist_value"), h.toArray(), 1e-5);
            h.mul(io.get("hist_w")).sum().backward();
            Fixtures.assertClose("d sum(w hist) / dx", f("hist_grad"), x.grad().toArray(), 1e-4);
        }
    }
}
