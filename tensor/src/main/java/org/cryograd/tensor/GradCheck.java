package org.cryograd.tensor;

import java.util.function.Function;

/**
 * Compares autograd gradients with central finite differences. The scalar probed is
 * {@code L = sum(f(inputs) * R)} for fixed random weights {@code R}; {@code L} is accumulated in double precision
 * from the float32 outputs, and every element of every input that requires grad is perturbed by {@code +-eps}.
 * Meant for small tensors in tests.
 */
public final class GradCheck {
    /**
     * The outcome of a check.
     *
     * @param ok          whether every element passed {@code |analytic - numeric| <= atol + rtol * |numeric|}
     * @param maxAbsError the largest absolute difference seen
     * @param worst       a description of the worst element (input, flat index, both values)
     */
    public record Result(boolean ok, double maxAbsError, String worst) {}

    private GradCheck() {}

    /** Runs the check with {@code eps = 1e-2}, {@code atol = 2e-3}, {@code rtol = 1e-2}. */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, 1e-2, 2e-3, 1e-2, inputs);
    }

    /**
     * Runs the check.
     *
     * @param f      the function; must be deterministic
     * @param eps    finite-difference step
     * @param atol   absolute tolerance
     * @param rtol   relative tolerance
     * @param inputs CPU inputs; those with {@code needsGrad()} are checked
     */
    public static Result check(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        for (Tensor t : inputs) t.zeroGrad();
        Tensor out = f.apply(inputs);
        float[] r = new float[(int) out.numel()];
        Philox.fill(true, 0x5EEDL, 0, r, 0, r.length);
        Tensor rt = Tensor.of(out.device(), r, out.dims());
        out.mul(rt).sum().backward();
        double worstErr = 0;
        String worst = "none";
        boolean ok = true;
        for (int ti = 0; ti < inputs.length; ti++) {
            Tensor x = inputs[ti];
            if (!x.needsGrad()) continue;
            if (x.grad() == null) return new Result(false, Double.NaN, "input " + ti + " received no gradient");
            float[] analytic = x.grad().toArray();
            float[] data = x.toArray();
            for (int i = 0; i < data.length; i++) {
                float orig = data[i];
                double num = (probe(f, inputs, ti, data, i, (float) (orig + eps), r) - probe(f, inputs, ti, data, i, (float) (orig - eps), r))
                        / (((float) (orig + eps)) - (double) (float) (orig - eps));
                data[i] = orig;
                double err = Math.abs(analytic[i] - num);
                boolean pass = err <= atol + rtol * Math.abs(num);
                if (!pass) ok = false;
                if (err > worstErr || (!pass && ok)) {
                    worstErr = err;
                    worst = "input " + ti + " " + x.shape() + " element " + i + ": analytic " + analytic[i] + ", numeric " + num;
                }
            }
            try (Grad g = Grad.disabled()) {
                x.copyFrom(Tensor.of(x.device(), data, x.dims()));
            }
        }
        return new Result(ok, worstErr, worst);
    }

    private static double probe(Function<Tensor[], Tensor> f, Tensor[] inputs, int ti, float[] data, int i, float v, float[] r) {
        data[i] = v;
        Tensor x = inputs[ti];
        try (Grad g = Grad.disabled(); MemoryScope s = MemoryScope.open()) {
            x.copyFrom(Tensor.of(x.device(), data, x.dims()));
            float[] o = f.apply(inputs).toArray();
            double acc = 0;
            for (int k = 0; k < o.length; k++) acc += (double) o[k] * r[k];
            return acc;
        }
    }
}
