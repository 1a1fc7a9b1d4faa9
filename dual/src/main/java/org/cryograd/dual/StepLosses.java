package org.cryograd.dual;

import org.cryograd.nn.train.LossTerms;

/**
 * The losses of one DUAL training step (before that step's updates).
 *
 * @param recV  {@code L^v_rec} (eq. 4)
 * @param recT  {@code L^t_rec} (eq. 5)
 * @param advG  {@code L^G_adv} (eq. 8), both discriminators, both branches
 * @param kl    {@code L_KL} (eq. 9)
 * @param total {@code λ1 (recV + recT) + λ2 advG + λ3 kl} (eq. 3), what the generator step minimised
 * @param advD  {@code L^D_adv = L^t_adv + L^v_adv} (eq. 6-7), what the discriminator step minimised
 */
public record StepLosses(double recV, double recT, double advG, double kl, double total, double advD) {
    /** Column names for CSV files, in {@link #values()} order. */
    public static final String[] COLUMNS = {"rec_v", "rec_t", "adv_g", "kl", "total_g", "adv_d"};

    /** The losses a {@link org.cryograd.nn.train.TrainingListener} hears (terms named by {@link #COLUMNS}). */
    public static StepLosses of(LossTerms t) {
        return new StepLosses(t.get(COLUMNS[0]), t.get(COLUMNS[1]), t.get(COLUMNS[2]), t.get(COLUMNS[3]), t.get(COLUMNS[4]), t.get(COLUMNS[5]));
    }

    /** The values in {@link #COLUMNS} order. */
    public double[] values() {
        return new double[] {recV, recT, advG, kl, total, advD};
    }
}
