package org.cryograd.em.denoise;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a test that checks the named baseline of {@link Baselines} against an independent reference (scipy, skimage, numpy). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ReferenceFor {
    /** The baseline's {@link Baseline#name()}. */
    String value();
}
