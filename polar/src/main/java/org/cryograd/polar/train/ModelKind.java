package org.cryograd.polar.train;

/** The trainable denoisers. */
public enum ModelKind {
    /** DnCNN, single images. */
    DNCNN("dncnn"),
    /** Single-image polar CNN. */
    POLAR_CNN("polar_cnn"),
    /** Polar transformer over sets. */
    POLAR_TRANSFORMER("polar_transformer");

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
        throw new IllegalArgumentException("unknown model kind '" + label + "' (dncnn, polar_cnn, polar_transformer)");
    }
}
