package org.cryograd.polar.train;

/** The trainable denoisers. */
public enum ModelKind {
    /** DnCNN, single images, residual (as published). */
    DNCNN("dncnn"),
    /** Single-image polar CNN. */
    POLAR_CNN("polar_cnn"),
    /** Polar transformer over sets. */
    POLAR_TRANSFORMER("polar_transformer"),
    /** DnCNN predicting the clean image directly (no residual), single images. */
    DNCNN_DIRECT("dncnn_direct");

    private final String label;

    ModelKind(String label) {
        this.label = label;
    }

    /** The name used in files and result tables. */
    public String label() {
        return label;
    }

    /** The kind with this label. */
    public static ModelKind ofLabel(String label) {
        for (ModelKind k : values()) if (k.label.equals(label)) return k;
        throw new IllegalArgumentException("unknown model kind '" + label + "' (" + labels() + ")");
    }

    /** Every label, comma-separated. */
    public static String labels() {
        StringBuilder b = new StringBuilder();
        for (ModelKind k : values()) b.append(b.isEmpty() ? "" : ", ").append(k.label);
        return b.toString();
    }
}
