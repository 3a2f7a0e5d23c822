package org.leapfrog.samplers.target;

import org.leapfrog.kernels.KernelSources;

/** Builds a built-in target's OpenCL C text: a dimension check and its definitions, then its family's file. */
final class TargetSources {
    /** Classpath folder of the target families' OpenCL C files. */
    static final String DIR = "org/leapfrog/kernels/targets/";

    private TargetSources() {
    }

    /**
     * The source of one target instance. The check stops a build whose DIM differs from the target's
     * dimension with a message naming both; each definition is a {@code NAME value} line body.
     */
    static String compose(String targetName, int dimension, String file, String... definitions) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("// target ").append(targetName).append(" (").append(file).append(")\n");
        sb.append("#if !defined(DIM) || DIM != ").append(dimension).append('\n');
        sb.append("#error \"target ").append(targetName).append(" needs -DDIM=").append(dimension).append("\"\n");
        sb.append("#endif\n");
        for (String d : definitions) {
            sb.append("#define ").append(d).append('\n');
        }
        sb.append(KernelSources.load(DIR + file));
        return sb.toString();
    }
}
