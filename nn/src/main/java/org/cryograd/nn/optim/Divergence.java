package org.cryograd.nn.optim;

import java.util.Map;
import org.cryograd.tensor.NonFinite;
import org.cryograd.tensor.Tensor;

/**
 * Checks a training step's loss terms and gradients before the optimizer step, so a run stops at the first NaN or
 * infinity ({@link DivergedException}) instead of training a model whose every weight is NaN.
 *
 * <pre>{@code
 * double l = Divergence.checkLoss("mse", loss);            // throws "loss term 'mse' is NaN"
 * loss.backward();
 * Divergence.checkGradients(model.namedParameters());      // throws "gradient of 'conv1.weight' has ..."
 * opt.step();
 * }</pre>
 */
public final class Divergence {
    private Divergence() {}

    /**
     * The value of a scalar loss term, refused when not finite.
     *
     * @throws DivergedException {@code "loss term 'NAME' is NaN"} (or {@code is +Inf}, {@code is -Inf})
     */
    public static double checkLoss(String name, Tensor loss) {
        return checkLoss(name, loss.item());
    }

    /**
     * {@code value}, refused when not finite.
     *
     * @throws DivergedException {@code "loss term 'NAME' is NaN"} (or {@code is +Inf}, {@code is -Inf})
     */
    public static double checkLoss(String name, double value) {
        if (!Double.isFinite(value)) throw new DivergedException(-1, "loss term '" + name + "'", "is " + NonFinite.name((float) value));
        return value;
    }

    /**
     * Refuses gradients with a NaN or infinite value. Parameters without a gradient are skipped. Cheap in the normal
     * case: one sum per gradient on its device and a single read of the total (a non-finite value makes the total
     * non-finite); only then is each gradient scanned, to name the first bad one.
     *
     * @param params name to parameter, e.g. {@link org.cryograd.nn.Module#namedParameters()}
     * @throws DivergedException {@code "gradient of 'NAME' has 3 non-finite values (3 NaN) of 864, the first at flat index 0"}
     */
    public static void checkGradients(Map<String, Tensor> params) {
        Tensor total = null;
        for (Tensor p : params.values()) {
            Tensor g = p.grad();
            if (g == null) continue;
            Tensor s = g.sum();
            total = total == null ? s : total.add(s);
        }
        if (total == null || Float.isFinite(total.item())) return;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor g = e.getValue().grad();
            if (g == null) continue;
            NonFinite n = NonFinite.of(g);
            if (n.any())
                throw new DivergedException(-1, "gradient of '" + e.getKey() + "'", "has " + n.summary() + ", the first ("
                        + NonFinite.name(n.firstValue()) + ") at flat index " + n.firstIndex());
        }
        // the finite values summed past float range: not a divergence of any single gradient, so let it pass
    }
}
