package org.leapfrog.kernels.nn;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * The convolution layout kernels ({@code org/leapfrog/kernels/nn/conv.cl}): {@code nn_im2col} and its adjoint
 * {@code nn_col2im}, in float64 and float32 (same signature with float buffers), twins in {@link ConvTwins}.
 * Both take the geometry of the convolution: the image (n, c, h, w), the kernel (kh, kw), stride, padding and
 * the output grid (oh, ow).
 */
public final class ConvKernels {
    public static final List<String> SOURCES = List.of("org/leapfrog/kernels/nn/conv.cl");

    /**
     * {@code (src, dst, n, c, h, w, kh, kw, stride, pad, oh, ow)}; work-items: {@code c*kh*kw*oh*ow} for im2col,
     * {@code c*h*w} for col2im (each a run of n values).
     */
    public static final class Args {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg SRC = B.doubles("src", Access.READ);
        public static final Arg DST = B.doubles("dst", Access.WRITE);
        public static final Arg N = B.intScalar("n");
        public static final Arg C = B.intScalar("c");
        public static final Arg H = B.intScalar("h");
        public static final Arg W = B.intScalar("w");
        public static final Arg KH = B.intScalar("kh");
        public static final Arg KW = B.intScalar("kw");
        public static final Arg STRIDE = B.intScalar("stride");
        public static final Arg PAD = B.intScalar("pad");
        public static final Arg OH = B.intScalar("oh");
        public static final Arg OW = B.intScalar("ow");
        public static final KernelSignature SIGNATURE = B.build();
        public static final KernelSignature SIGNATURE_FLOAT32 = NnKernels.float32Signature(SIGNATURE);

        private Args() {
        }
    }

    public static final KernelDef IM2COL = new KernelDef("nn-im2col", "nn_im2col", SOURCES, "",
            Map.of("REAL", "double"), (a, from, to) -> ConvTwins.im2col(a.doubles(Args.SRC), a.doubles(Args.DST),
                    a.intValue(Args.N), a.intValue(Args.C), a.intValue(Args.H), a.intValue(Args.W), a.intValue(Args.KH),
                    a.intValue(Args.KW), a.intValue(Args.STRIDE), a.intValue(Args.PAD), a.intValue(Args.OH),
                    a.intValue(Args.OW), from, to), Args.SIGNATURE);

    public static final KernelDef COL2IM = new KernelDef("nn-col2im", "nn_col2im", SOURCES, "",
            Map.of("REAL", "double"), (a, from, to) -> ConvTwins.col2im(a.doubles(Args.SRC), a.doubles(Args.DST),
                    a.intValue(Args.N), a.intValue(Args.C), a.intValue(Args.H), a.intValue(Args.W), a.intValue(Args.KH),
                    a.intValue(Args.KW), a.intValue(Args.STRIDE), a.intValue(Args.PAD), a.intValue(Args.OH),
                    a.intValue(Args.OW), from, to), Args.SIGNATURE);

    public static final KernelDef IM2COL_FLOAT32 = new KernelDef("nn-im2col-float", "nn_im2col", SOURCES, "",
            Map.of("REAL", "float"), (a, from, to) -> ConvTwins.im2col(a.floats(Args.SRC), a.floats(Args.DST),
                    a.intValue(Args.N), a.intValue(Args.C), a.intValue(Args.H), a.intValue(Args.W), a.intValue(Args.KH),
                    a.intValue(Args.KW), a.intValue(Args.STRIDE), a.intValue(Args.PAD), a.intValue(Args.OH),
                    a.intValue(Args.OW), from, to), Args.SIGNATURE_FLOAT32);

    public static final KernelDef COL2IM_FLOAT32 = new KernelDef("nn-col2im-float", "nn_col2im", SOURCES, "",
            Map.of("REAL", "float"), (a, from, to) -> ConvTwins.col2im(a.floats(Args.SRC), a.floats(Args.DST),
                    a.intValue(Args.N), a.intValue(Args.C), a.intValue(Args.H), a.intValue(Args.W), a.intValue(Args.KH),
                    a.intValue(Args.KW), a.intValue(Args.STRIDE), a.intValue(Args.PAD), a.intValue(Args.OH),
                    a.intValue(Args.OW), from, to), Args.SIGNATURE_FLOAT32);

    /** Every definition above. */
    public static final List<KernelDef> ALL = List.of(IM2COL, COL2IM, IM2COL_FLOAT32, COL2IM_FLOAT32);

    private ConvKernels() {
    }

    public static KernelDef im2col(ElementType precision) {
        return precision == ElementType.FLOAT32 ? IM2COL_FLOAT32 : IM2COL;
    }

    public static KernelDef col2im(ElementType precision) {
        return precision == ElementType.FLOAT32 ? COL2IM_FLOAT32 : COL2IM;
    }
}
