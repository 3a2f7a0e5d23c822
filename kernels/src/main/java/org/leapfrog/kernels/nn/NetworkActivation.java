package org.leapfrog.kernels.nn;

/**
 * The activations a network function can apply after a dense layer, with the formulas both forms use (the
 * OpenCL C emitted by {@link NetworkSource} and {@link NetworkTwin}), written as the tensor engine's element-wise
 * kernels compute them so the three forms round alike.
 */
public enum NetworkActivation {
    IDENTITY,
    /** {@code max(z, 0)}. */
    RELU,
    /** {@code z > 0 ? z : expm1(z)} (alpha = 1). */
    ELU,
    TANH,
    /** {@code 1 / (1 + e^-z)}, evaluated through {@code e^-|z|} so it never overflows. */
    SIGMOID,
    /** {@code log(1 + e^z) = max(z, 0) + log1p(e^-|z|)}. */
    SOFTPLUS,
    /** {@code -softplus(-z)}. */
    LOG_SIGMOID;

    /** The activation of one value (the Java twin's formula). */
    public double apply(double z) {
        return switch (this) {
            case IDENTITY -> z;
            case RELU -> z > 0.0 ? z : 0.0;
            case ELU -> z > 0.0 ? z : Math.expm1(z);
            case TANH -> Math.tanh(z);
            case SIGMOID -> Elementwise.sigmoid(z);
            case SOFTPLUS -> softplus(z);
            case LOG_SIGMOID -> -softplus(-z);
        };
    }

    private static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /**
     * OpenCL C for the activation of {@code z} (an {@code RV} expression without side effects, evaluated more
     * than once), in any lane width and in float or double; {@code LF_NET_IF} is defined by {@link NetworkSource}.
     */
    String openCl(String z) {
        return switch (this) {
            case IDENTITY -> z;
            case RELU -> "fmax(" + z + ", (RV)0)";
            case ELU -> "LF_NET_IF(" + z + " > (RV)0, " + z + ", expm1(" + z + "))";
            case TANH -> "tanh(" + z + ")";
            case SIGMOID -> "lf_net_sigmoid(" + z + ")";
            case SOFTPLUS -> "lf_net_softplus(" + z + ")";
            case LOG_SIGMOID -> "(-lf_net_softplus(-(" + z + ")))";
        };
    }
}
