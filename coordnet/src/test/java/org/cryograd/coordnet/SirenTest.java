package org.cryograd.coordnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.tensor.GradCheck;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SirenTest {
    @Test
    void layoutAndInitialisationFollowTheAuthors() {
        CnConfig c = CnConfig.paper().withHidden(64).withHiddenLayers(3);
        Siren net = new Siren(c, new Rng(5));
        var p = net.namedParameters();
        assertEquals(List.of("net.0.0.weight", "net.0.0.bias", "net.1.0.weight", "net.1.0.bias", "net.2.0.weight", "net.2.0.bias",
                "net.3.0.weight", "net.3.0.bias", "net.4.0.weight", "net.4.0.bias"), List.copyOf(p.keySet()));
        assertEquals(3 * 64 + 64 + 3 * (64 * 64 + 64) + 64 + 1, net.numParameters());
        // first layer U(-1/3, 1/3); later weights U(-sqrt(6/64)/30, +); biases U(-1/sqrt(fanIn), +)
        checkUniform(p.get("net.0.0.weight").toArray(), 1.0 / 3);
        checkUniform(p.get("net.0.0.bias").toArray(), 1 / Math.sqrt(3));
        for (int i = 1; i <= 4; i++) checkUniform(p.get("net." + i + ".0.weight").toArray(), Math.sqrt(6.0 / 64) / 30);
        checkUniform(p.get("net.2.0.bias").toArray(), 1 / Math.sqrt(64));
    }

    /** All values within [-b, b], mean ~0 and variance ~b^2/3 within 5 standard errors, and the range nearly reached. */
    private static void checkUniform(float[] v, double b) {
        double mean = 0, sq = 0, maxAbs = 0;
        for (float x : v) {
            assertTrue(Math.abs(x) <= b * (1 + 1e-6), x + " outside +-" + b);
            mean += x;
            sq += (double) x * x;
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        int n = v.length;
        mean /= n;
        double var = sq / n;
        assertEquals(0, mean, 5 * b / Math.sqrt(3 * n));
        // variance of x^2 for U(-b, b) is 4 b^4 / 45
        assertEquals(b * b / 3, var, 5 * Math.sqrt(4 * b * b * b * b / 45 / n));
        assertTrue(maxAbs > b * (1 - 20.0 / n), "range not reached: " + maxAbs + " vs " + b);
    }

    @Test
    void sameSeedSameWeights() {
        CnConfig c = CnConfig.quick().withFourierFeatures(true);
        var a = new Siren(c, new Rng(9)).stateDict();
        var b = new Siren(c, new Rng(9)).stateDict();
        var d = new Siren(c, new Rng(10)).stateDict();
        for (String k : a.keySet()) org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), 0f, k);
        assertTrue(!java.util.Arrays.equals(a.get("net.0.0.weight").toArray(), d.get("net.0.0.weight").toArray()));
    }

    @Test
    void fourierFeaturesAreCosinesThenSinesOfTwoPiXB() {
        Rng rng = new Rng(3);
        FourierFeatures ff = new FourierFeatures(3, 5, 4.0, rng);
        Tensor x = Tensor.rand(rng, 7, 3);
        float[] out = ff.forward(x).toArray(), b = ff.frequencies().toArray(), xv = x.toArray();
        for (int i = 0; i < 7; i++)
            for (int k = 0; k < 5; k++) {
                double ph = 0;
                for (int d = 0; d < 3; d++) ph += xv[i * 3 + d] * b[k * 3 + d];
                ph *= 2 * Math.PI;
                assertEquals(Math.cos(ph), out[i * 10 + k], 2e-5);
                assertEquals(Math.sin(ph), out[i * 10 + 5 + k], 2e-5);
            }
        // B ~ N(0, 16): sample standard deviation of 15 values within a loose band
        double s = 0;
        for (float v : b) s += v * v;
        double sd = Math.sqrt(s / b.length);
        assertTrue(sd > 2 && sd < 6.5, "std of B " + sd);
    }

    @Test
    void gradientsFlowToParametersAndCoordinates() {
        // small w0 so central differences resolve the sines; the PyTorch fixture covers w0 = 30
        CnConfig c = CnConfig.paper().withHidden(5).withHiddenLayers(1).withW0(2);
        Siren net = new Siren(c, new Rng(11));
        Tensor coords = Tensor.rand(new Rng(12), 6, 3).requiresGrad();
        List<Tensor> params = net.parameters();
        Tensor[] inputs = new Tensor[params.size() + 1];
        inputs[0] = coords;
        for (int i = 0; i < params.size(); i++) inputs[i + 1] = params.get(i);
        GradCheck.Result r = GradCheck.check(a -> net.forward(a[0]), 1e-2, 2e-3, 1e-2, inputs);
        assertTrue(r.ok(), r.worst());

        CnConfig cf = c.withFourierFeatures(3, 0.5);
        Siren fnet = new Siren(cf, new Rng(13));
        Tensor x = Tensor.rand(new Rng(14), 4, 3).requiresGrad();
        GradCheck.Result rf = GradCheck.check(a -> fnet.forward(a[0]), 1e-2, 2e-3, 1e-2, x);
        assertTrue(rf.ok(), rf.worst());
    }

    @Test
    void badInputNamesTheShape() {
        Siren net = new Siren(CnConfig.quick(), new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(4, 2)));
        assertTrue(e.getMessage().contains("[4, 2]"), e.getMessage());
    }
}
