package org.leapfrog.runtime.tensor;

import java.util.List;

/**
 * Parameters gathered into one flat tensor in the layout that network functions and fused sampler kernels
 * read: parameters in order (a {@code Sequential}'s order: per Dense layer weight then bias), each parameter's
 * values in its storage order (feature-major: element (r, c) at {@code c * rows + r}), concatenated; parameter
 * k starts at {@link #offset(int)}. {@link #pack()} copies the parameters in with one device copy per
 * parameter (no host transfer), so a trainer can hand the freshly updated weights to a sampler kernel every
 * step; {@link #unpack()} copies the other way (e.g. after loading weights into the flat tensor).
 */
public final class FlatParameters {
    private final List<Tensor> params;
    private final Engine engine;
    private final int[] offsets;
    private final Tensor flat;

    public FlatParameters(List<Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params: empty; allowed: one or more tensors");
        }
        this.engine = params.get(0).engine;
        this.offsets = new int[params.size()];
        long total = 0;
        for (int k = 0; k < offsets.length; k++) {
            Tensor p = params.get(k);
            if (p.engine != engine) {
                throw new IllegalArgumentException("params: element " + k + " lives on " + p.engine
                        + "; allowed: every tensor on " + engine);
            }
            offsets[k] = (int) total;
            total += p.size();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("params: " + total + " values; allowed: at most "
                        + (Integer.MAX_VALUE - 8));
            }
        }
        this.params = List.copyOf(params);
        this.flat = engine.zeros(1, (int) total);
    }

    /** The flat tensor ({@code 1 x total}); its device buffer is what a fused kernel binds. */
    public Tensor flat() {
        return flat;
    }

    /** Where parameter {@code k} starts in the flat tensor. */
    public int offset(int k) {
        return offsets[k];
    }

    /** Copies every parameter's current values into the flat tensor, on the engine; returns it. */
    public Tensor pack() {
        for (int k = 0; k < offsets.length; k++) {
            Tensor p = params.get(k);
            engine.device.copy(p.storage(), 0, flat.storage(), offsets[k], p.size());
        }
        return flat;
    }

    /** Copies the flat tensor's values back into the parameters, on the engine. */
    public void unpack() {
        for (int k = 0; k < offsets.length; k++) {
            Tensor p = params.get(k);
            engine.device.copy(flat.storage(), offsets[k], p.storage(), 0, p.size());
        }
    }
}
