package org.cryograd.em.sim;

/**
 * RELION's Euler angles {@code (rot, tilt, psi)} in degrees (ZYZ), converted to and from the rotation matrix
 * {@code A} of RELION's {@code Euler_angles2matrix}. A particle whose density is the reference rotated by {@code A}
 * ({@code particle(r) = reference(A^T r)}, {@code r = (x, y, z)} from the centre) has these angles in a particle
 * STAR file; this is how the simulator places templates.
 *
 * @param rot  first angle, degrees
 * @param tilt second angle, degrees, in [0, 180]
 * @param psi  third angle, degrees
 */
public record EulerAngles(double rot, double tilt, double psi) {
    /** The row-major 3x3 matrix {@code A}. */
    public double[] matrix() {
        double a = Math.toRadians(rot), b = Math.toRadians(tilt), g = Math.toRadians(psi);
        double ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b), cg = Math.cos(g), sg = Math.sin(g);
        double cc = cb * ca, cs = cb * sa, sc = sb * ca, ss = sb * sa;
        return new double[] {
            cg * cc - sg * sa, cg * cs + sg * ca, -cg * sb,
            -sg * cc - cg * sa, -sg * cs + cg * ca, sg * sb,
            sc, ss, cb};
    }

    /** The angles of a rotation matrix (row-major 3x3); {@code rot = 0} when {@code tilt} is 0 or 180. */
    public static EulerAngles of(double[] m) {
        double sb = Math.sqrt(m[6] * m[6] + m[7] * m[7]);
        double rot, tilt, psi;
        if (sb > 16 * Math.ulp(1.0)) {
            rot = Math.atan2(m[7], m[6]);
            tilt = Math.atan2(sb, m[8]);
            psi = Math.atan2(m[5], -m[2]);
        } else {
            rot = 0;
            tilt = m[8] > 0 ? 0 : Math.PI;
            psi = m[8] > 0 ? Math.atan2(-m[3], m[0]) : Math.atan2(m[3], -m[0]);
        }
        return new EulerAngles(Math.toDegrees(rot), Math.toDegrees(tilt), Math.toDegrees(psi));
    }
}
