package org.leapfrog.samplers;

import java.util.List;
import org.leapfrog.kernels.KernelSignature.Arg;

/** Opens {@link KernelSignaturesTest#parse} to tests in other packages. */
public final class KernelSignaturesTestAccess {
    private KernelSignaturesTestAccess() {
    }

    public static List<Arg> parse(String source, String entry) {
        return KernelSignaturesTest.parse(source, entry);
    }
}
