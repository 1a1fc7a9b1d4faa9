package org.cryograd.nn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, with PyTorch's
 * update rule ({@code torch.optim.SGD}, single-tensor path):
 * <pre>
 *   g = grad + weightDecay * p
 *   if momentum != 0:
 *       buf = g                                       on a parameter's first step
 *       buf = momentum * buf + (1 - dampening) * g    afterwards
 *       g   = nesterov ? g + momentum * buf : buf
 *   p -= lr * g
 * </pre>
 */
public final class SGD implements Optimizer {
    /** The type name in saved states. */
    public static final String TYPE = "SGD";

    /**
     * SGD hyperparameters (PyTorch's defaults: momentum 0, dampening 0, no Nesterov, weight decay 0).
     *
     * @param lr          learning rate, >= 0
     * @param momentum    momentum factor, >= 0
     * @param dampening   dampening of the momentum, applied from the second step on
     * @param nesterov    Nesterov momentum (needs momentum > 0 and dampening 0, as in PyTorch)
     * @param weightDecay L2 penalty added to the gradient, >= 0
     */
    public record Options(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        /** Validates like PyTorch. */
        public Options {
            Params.checkNonNegative("SGD", "lr", lr);
            Params.checkNonNegative("SGD", "momentum", momentum);
            Params.checkFinite("SGD", "dampening", dampening);
            Params.checkNonNegative("SGD", "weightDecay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0))
                throw new IllegalArgumentException("SGD: Nesterov momentum requires momentum > 0 and dampening 0, got momentum "
                        + momentum + ", dampening " + dampening);
        }

        /** Plain SGD with learning rate {@code lr}. */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, false, 0);
        }

        /** A copy with another learning rate. */
        public Options withLr(double v) { return new Options(v, momentum, dampening, nesterov, weightDecay); }

        /** A copy with another momentum. */
        public Options withMomentum(double v) { return new Options(lr, v, dampening, nesterov, weightDecay); }

        /** A copy with another dampening. */
        public Options withDampening(double v) { return new Options(lr, momentum, v, nesterov, weightDecay); }

        /** A copy with Nesterov momentum on or off. */
        public Options withNesterov(boolean v) { return new Options(lr, momentum, dampening, v, weightDecay); }

        /** A copy with another weight decay. */
        public Options withWeightDecay(double v) { return new Options(lr, momentum, dampening, nesterov, v); }
    }

    private final List<Tensor> params;
    private final Options options;
    private final Tensor[] buffers; // null when momentum == 0
    private final long[] steps;
    private double lr;

    /**
     * An optimizer over {@code params} (leaf tensors with {@code requiresGrad()}); momentum buffers are allocated
     * here, on each parameter's device.
     */
    public SGD(List<Tensor> params, Options options) {
        this.params = Params.check(TYPE, params);
        this.options = options;
        this.lr = options.lr();
        this.steps = new long[this.params.size()];
        if (options.momentum() != 0) {
            buffers = new Tensor[this.params.size()];
            for (int i = 0; i < buffers.length; i++) buffers[i] = Params.zerosLike(this.params.get(i));
        } else {
            buffers = null;
        }
    }

    /** Plain SGD: {@code p -= lr * grad}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, Options.of(lr));
    }

    /** The hyperparameters given at construction (the current learning rate is {@link #learningRate()}). */
    public Options options() {
        return options;
    }

    @Override
    public void step() {
        float mom = (float) options.momentum();
        try (Grad g = Grad.disabled(); MemoryScope scope = MemoryScope.open()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor d = p.grad();
                if (d == null) continue;
                steps[i]++;
                if (options.weightDecay() != 0) d = d.add(p.mul((float) options.weightDecay()));
                if (buffers != null) {
                    Tensor buf = buffers[i];
                    if (steps[i] == 1) buf.copyFrom(d); // PyTorch: buf = clone(d) on the first step, no dampening
                    else buf.mulInPlace(mom).addInPlace(d, (float) (1 - options.dampening()));
                    d = options.nesterov() ? d.add(buf.mul(mom)) : buf;
                }
                p.addInPlace(d, (float) -lr);
            }
        }
    }

    @Override
    public void zeroGrad() {
        Params.zeroGrad(params);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        Params.checkNonNegative(TYPE, "lr", lr);
        this.lr = lr;
    }

    @Override
    public List<Tensor> parameters() {
        return params;
    }

    @Override
    public OptimizerState stateDict() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("param_count", Integer.toString(params.size()));
        v.put("lr", Double.toString(lr));
        v.put("momentum", Double.toString(options.momentum()));
        v.put("dampening", Double.toString(options.dampening()));
        v.put("nesterov", Boolean.toString(options.nesterov()));
        v.put("weight_decay", Double.toString(options.weightDecay()));
        Params.putSteps(v, steps);
        Map<String, Tensor> t = new LinkedHashMap<>();
        if (buffers != null) Params.putBuffers(t, "momentum_buffer", buffers);
        return new OptimizerState(TYPE, v, t);
    }

    @Override
    public void loadStateDict(OptimizerState s) {
        // validate everything before changing anything
        Params.checkHeader(s, TYPE, params.size());
        Params.checkSame(s, "momentum", Double.toString(options.momentum()));
        Params.checkSame(s, "dampening", Double.toString(options.dampening()));
        Params.checkSame(s, "nesterov", Boolean.toString(options.nesterov()));
        Params.checkSame(s, "weight_decay", Double.toString(options.weightDecay()));
        double savedLr = Params.parseDouble(s, "lr");
        Params.checkNonNegative(TYPE, "saved lr", savedLr);
        long[] saved = Params.steps(s, params.size());
        if (buffers != null) Params.checkBuffers(s, params, "momentum_buffer");
        if (buffers != null) Params.copyBuffers(s, "momentum_buffer", buffers);
        System.arraycopy(saved, 0, steps, 0, steps.length);
        lr = savedLr;
    }
}
