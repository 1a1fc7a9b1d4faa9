package org.cryograd.polar.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsFile;
import org.cryograd.polar.Interpolation;
import org.cryograd.polar.model.DnCnn;
import org.cryograd.polar.model.PolarCnnDenoiser;
import org.cryograd.polar.model.PolarModelConfig;
import org.cryograd.polar.model.PolarTransformer;
import org.cryograd.polar.model.SetDenoiserModel;
import org.cryograd.tensor.Rng;

/**
 * A model directory: {@code model.safetensors} (weights, with the architecture and training settings as
 * safetensors metadata, so the file alone rebuilds the model) and, while training, {@code checkpoint.safetensors}.
 */
public final class ModelFiles {
    /** The final weights. */
    public static final String MODEL = "model.safetensors";
    /** The resumable training state. */
    public static final String CHECKPOINT = "checkpoint.safetensors";

    private ModelFiles() {}

    /** Builds an untrained model of {@code kind}. */
    public static SetDenoiserModel create(ModelKind kind, PolarModelConfig polar, int dncnnLayers, int dncnnChannels, Rng rng) {
        return switch (kind) {
            case DNCNN -> new DnCnn(rng, polar.imageSize(), dncnnLayers, dncnnChannels, true);
            case DNCNN_DIRECT -> new DnCnn(rng, polar.imageSize(), dncnnLayers, dncnnChannels, false);
            case POLAR_CNN -> new PolarCnnDenoiser(rng, polar);
            case POLAR_TRANSFORMER -> new PolarTransformer(rng, polar);
        };
    }

    /** The metadata describing a model trained with {@code o} (input scale: standard deviation of the noisy data). */
    public static Map<String, String> metadata(TrainingOptions o, double inputScale) {
        PolarModelConfig p = o.polar();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", o.kind().label());
        m.put("image_size", Integer.toString(p.imageSize()));
        m.put("hidden", Integer.toString(p.hidden()));
        m.put("pre_layers", Integer.toString(p.preLayers()));
        m.put("post_layers", Integer.toString(p.postLayers()));
        m.put("kernel", Integer.toString(p.kernel()));
        m.put("groups", Integer.toString(p.groups()));
        m.put("heads", Integer.toString(p.heads()));
        m.put("attention_blocks", Integer.toString(p.attentionBlocks()));
        m.put("interpolation", p.interpolation().kind().name());
        m.put("interpolation_sigma", Double.toString(p.interpolation().sigma()));
        m.put("dncnn_layers", Integer.toString(o.dncnnLayers()));
        m.put("dncnn_channels", Integer.toString(o.dncnnChannels()));
        m.put("set_size", Integer.toString(o.simulation().setSize()));
        m.put("snr", Double.toString(o.simulation().snr()));
        m.put("setting", o.simulation().setting().label());
        m.put("training_input_scale", Double.toString(inputScale));
        m.put("steps", Integer.toString(o.steps()));
        return m;
    }

    /** A loaded model and its metadata. */
    public record Loaded(ModelKind kind, SetDenoiserModel model, Map<String, String> metadata) {
        /** The set size the model was trained with. */
        public int setSize() {
            return Integer.parseInt(metadata.get("set_size"));
        }
    }

    /**
     * Loads {@code dir/model.safetensors} (or a direct path to a model file) in evaluation mode.
     *
     * @throws org.cryograd.nn.io.SafeTensorsException if the file is malformed or a weight is NaN or infinite (naming the tensor)
     */
    public static Loaded load(Path dirOrFile) throws IOException {
        Path f = dirOrFile.toFile().isDirectory() ? dirOrFile.resolve(MODEL) : dirOrFile;
        try (SafeTensorsFile st = SafeTensors.read(f)) {
            SafeTensors.requireFinite(f, st.tensors(), "the model is unusable");
            Map<String, String> m = st.metadata();
            ModelKind kind;
            PolarModelConfig p;
            try {
                kind = ModelKind.ofLabel(req(f, m, "kind"));
                Interpolation.Kind ik = Interpolation.Kind.valueOf(req(f, m, "interpolation"));
                p = new PolarModelConfig(num(f, m, "image_size"), num(f, m, "hidden"), num(f, m, "pre_layers"), num(f, m, "post_layers"),
                        num(f, m, "kernel"), num(f, m, "groups"), num(f, m, "heads"), num(f, m, "attention_blocks"),
                        new Interpolation(ik, Double.parseDouble(req(f, m, "interpolation_sigma"))));
            } catch (IllegalArgumentException e) {
                throw new IOException(f + ": bad model metadata: " + e.getMessage(), e);
            }
            SetDenoiserModel model = create(kind, p, num(f, m, "dncnn_layers"), num(f, m, "dncnn_channels"), new Rng(0));
            model.loadStateDict(st.tensors(), true);
            model.eval();
            return new Loaded(kind, model, Map.copyOf(m));
        }
    }

    private static String req(Path f, Map<String, String> m, String key) throws IOException {
        String v = m.get(key);
        if (v == null) throw new IOException(f + ": model metadata field '" + key + "' is missing");
        return v;
    }

    private static int num(Path f, Map<String, String> m, String key) throws IOException {
        try {
            return Integer.parseInt(req(f, m, key));
        } catch (NumberFormatException e) {
            throw new IOException(f + ": model metadata field '" + key + "' is not an integer: " + m.get(key), e);
        }
    }
}
