package org.cryograd.nn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/** The state and update shared by {@link Adam} and {@link AdamW}; they differ only in how weight decay enters. */
final class AdamCore {
    final String type;
    private final boolean decoupled;
    final List<Tensor> params;
    final AdamOptions options;
    private final Tensor[] expAvg;
    private final Tensor[] expAvgSq;
    private final Tensor[] maxExpAvgSq; // null without amsgrad
    private final long[] steps;
    double lr;

    AdamCore(String type, boolean decoupled, List<Tensor> params, AdamOptions options) {
        this.type = type;
        this.decoupled = decoupled;
        this.params = Params.check(type, params);
        this.options = options;
        this.lr = options.lr();
        int n = this.params.size();
        steps = new long[n];
        expAvg = new Tensor[n];
        expAvgSq = new Tensor[n];
        maxExpAvgSq = options.amsgrad() ? new Tensor[n] : null;
        for (int i = 0; i < n; i++) {
            expAvg[i] = Params.zerosLike(this.params.get(i));
            expAvgSq[i] = Params.zerosLike(this.params.get(i));
            if (maxExpAvgSq != null) maxExpAvgSq[i] = Params.zerosLike(this.params.get(i));
        }
    }

    /** PyTorch 1.13-2.x {@code _single_tensor_adam} / {@code _single_tensor_adamw}, non-capturable branch. */
    void step() {
        double b1 = options.beta1(), b2 = options.beta2(), wd = options.weightDecay();
        try (Grad g = Grad.disabled(); MemoryScope scope = MemoryScope.open()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor grad = p.grad();
                if (grad == null) continue;
                long step = ++steps[i];
                if (decoupled) {
                    if (wd != 0) p.mulInPlace((float) (1 - lr * wd)); // multiplying by exactly 1 would change nothing
                } else if (wd != 0) {
                    grad = grad.add(p.mul((float) wd));
                }
                Tensor m = expAvg[i], v = expAvgSq[i];
                m.mulInPlace((float) b1).addInPlace(grad, (float) (1 - b1));
                v.mulInPlace((float) b2).addInPlace(grad.mul(grad), (float) (1 - b2));
                // bias corrections in double, as PyTorch computes them in Python floats
                double bc1 = 1 - Math.pow(b1, step);
                double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
                double stepSize = lr / bc1;
                Tensor second = v;
                if (maxExpAvgSq != null) {
                    maxExpAvgSq[i].copyFrom(maxExpAvgSq[i].maximum(v));
                    second = maxExpAvgSq[i];
                }
                Tensor denom = second.sqrt().div((float) bc2Sqrt).add((float) options.eps());
                p.addInPlace(m.div(denom), (float) -stepSize);
            }
        }
    }

    OptimizerState stateDict() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("param_count", Integer.toString(params.size()));
        v.put("lr", Double.toString(lr));
        putHyper(v);
        Params.putSteps(v, steps);
        Map<String, Tensor> t = new LinkedHashMap<>();
        Params.putBuffers(t, "exp_avg", expAvg);
        Params.putBuffers(t, "exp_avg_sq", expAvgSq);
        if (maxExpAvgSq != null) Params.putBuffers(t, "max_exp_avg_sq", maxExpAvgSq);
        return new OptimizerState(type, v, t);
    }

    private void putHyper(Map<String, String> v) {
        v.put("beta1", Double.toString(options.beta1()));
        v.put("beta2", Double.toString(options.beta2()));
        v.put("eps", Double.toString(options.eps()));
        v.put("weight_decay", Double.toString(options.weightDecay()));
        v.put("amsgrad", Boolean.toString(options.amsgrad()));
    }

    void loadStateDict(OptimizerState s) {
        // validate everything before changing anything
        Params.checkHeader(s, type, params.size());
        Map<String, String> ours = new LinkedHashMap<>();
        putHyper(ours);
        for (Map.Entry<String, String> e : ours.entrySet()) Params.checkSame(s, e.getKey(), e.getValue());
        double savedLr = Params.parseDouble(s, "lr");
        Params.checkNonNegative(type, "saved lr", savedLr);
        long[] saved = Params.steps(s, params.size());
        Params.checkBuffers(s, params, "exp_avg");
        Params.checkBuffers(s, params, "exp_avg_sq");
        if (maxExpAvgSq != null) Params.checkBuffers(s, params, "max_exp_avg_sq");
        Params.copyBuffers(s, "exp_avg", expAvg);
        Params.copyBuffers(s, "exp_avg_sq", expAvgSq);
        if (maxExpAvgSq != null) Params.copyBuffers(s, "max_exp_avg_sq", maxExpAvgSq);
        System.arraycopy(saved, 0, steps, 0, steps.length);
        lr = savedLr;
    }
}
