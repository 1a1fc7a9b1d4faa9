package org.cryograd.nn.optim;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsFile;
import org.cryograd.tensor.Tensor;

/**
 * The fixed problem of {@code src/test/python/make_optim_fixtures.py}: a tiny MLP,
 * {@code mean((tanh(X W1 + b1) W2 + b2 - Y)^2) + 0.05 sum(sin(3 W1))}, with the torch reference trajectories.
 */
public final class MlpProblem implements AutoCloseable {
    /** Parameter shapes, in the flattening order of the fixture. */
    public static final int[][] SHAPES = {{3, 6}, {6}, {6, 2}, {2}};
    /** Number of scalars over all parameters. */
    public static final int SIZE = 38;
    /** Steps per case. */
    public static final int STEPS = 50;

    private final Path path;
    private final SafeTensorsFile file;
    private final Tensor x;
    private final Tensor y;
    private final float[] init;

    private MlpProblem(Path path) throws Exception {
        this.path = path;
        file = SafeTensors.read(path);
        x = file.get("X");
        y = file.get("Y");
        init = file.get("init").toArray();
    }

    /** Loads the fixture. */
    public static MlpProblem load() throws Exception {
        return new MlpProblem(resource("/optim/optim_cases.safetensors"));
    }

    /** A test resource as a path. */
    public static Path resource(String name) throws URISyntaxException {
        var url = MlpProblem.class.getResource(name);
        if (url == null) throw new IllegalStateException("missing test resource " + name + "; run src/test/python/make_optim_fixtures.py");
        return Path.of(url.toURI());
    }

    /** The fixture file. */
    public Path path() {
        return path;
    }

    /** Case options and other metadata. */
    public Map<String, String> meta() {
        return file.metadata();
    }

    /** Names of the optimizer cases. */
    public List<String> cases() {
        List<String> out = new ArrayList<>();
        for (String k : meta().keySet())
            if (k.endsWith(".opt")) out.add(k.substring(0, k.length() - 4));
        return out;
    }

    /** Fresh parameters at the initial values, requiring grad. */
    public List<Tensor> freshParams() {
        return split(init, true);
    }

    /** Splits a flat row into tensors of {@link #SHAPES}. */
    public static List<Tensor> split(float[] flat, boolean requiresGrad) {
        List<Tensor> out = new ArrayList<>();
        int off = 0;
        for (int[] s : SHAPES) {
            int n = Arrays.stream(s).reduce(1, (a, b) -> a * b);
            Tensor t = Tensor.of(Arrays.copyOfRange(flat, off, off + n), s);
            out.add(requiresGrad ? t.requiresGrad() : t);
            off += n;
        }
        return out;
    }

    /** Concatenation of the tensors' values. */
    public static float[] flatten(List<Tensor> ts) {
        float[] out = new float[SIZE];
        int off = 0;
        for (Tensor t : ts) {
            float[] a = t.toArray();
            System.arraycopy(a, 0, out, off, a.length);
            off += a.length;
        }
        return out;
    }

    /** Concatenation of the parameters' gradients. */
    public static float[] flattenGrads(List<Tensor> ps) {
        List<Tensor> g = new ArrayList<>();
        for (Tensor p : ps) g.add(p.grad());
        return flatten(g);
    }

    /** The loss at {@code p}, recorded for autograd; {@code noise} (or null) is added to X. */
    public Tensor loss(List<Tensor> p, Tensor noise) {
        Tensor in = noise == null ? x : x.add(noise);
        Tensor out = in.matmul(p.get(0)).add(p.get(1)).tanh().matmul(p.get(2)).add(p.get(3));
        return out.sub(y).square().mean().add(p.get(0).mul(3f).sin().sum().mul(0.05f));
    }

    /** Row {@code step} of the (50, 38) tensor {@code name}. */
    public float[] row(String name, int step) {
        float[] all = file.get(name).toArray();
        return Arrays.copyOfRange(all, step * SIZE, (step + 1) * SIZE);
    }

    /** A stored float64 series (norms, learning rates), exactly. */
    public double[] doubles(String name) throws Exception {
        return SafeTensors.readDoubles(path, name);
    }

    /** A case option as a double, or {@code dflt} if the case does not set it. */
    public double option(String c, String key, double dflt) {
        String v = meta().get(c + "." + key);
        return v == null ? dflt : Double.parseDouble(v);
    }

    /** A boolean case option (Python writes True/False). */
    public boolean flag(String c, String key) {
        return Boolean.parseBoolean(meta().getOrDefault(c + "." + key, "False").toLowerCase());
    }

    /** Whether the case sets {@code key}. */
    public boolean has(String c, String key) {
        return meta().containsKey(c + "." + key);
    }

    /** The optimizer of case {@code c} over {@code params}, with torch's defaults for unset options. */
    public Optimizer optimizer(String c, List<Tensor> params) {
        String type = meta().get(c + ".opt");
        double lr = option(c, "lr", Double.NaN);
        if (type.equals("SGD"))
            return new SGD(params, new SGD.Options(lr, option(c, "momentum", 0), option(c, "dampening", 0), flag(c, "nesterov"),
                    option(c, "weight_decay", 0)));
        AdamOptions o = new AdamOptions(lr, option(c, "beta1", 0.9), option(c, "beta2", 0.999), option(c, "eps", 1e-8),
                option(c, "weight_decay", type.equals("Adam") ? 0 : 0.01), flag(c, "amsgrad"));
        return type.equals("Adam") ? new Adam(params, o) : new AdamW(params, o);
    }

    /** max |actual - expected| / max |expected|: the error relative to the scale of the values. */
    public static double relErr(float[] expected, float[] actual) {
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num = Math.max(num, Math.abs((double) actual[i] - expected[i]));
            den = Math.max(den, Math.abs(expected[i]));
        }
        return num / den;
    }

    @Override
    public void close() {
        file.close();
    }
}
