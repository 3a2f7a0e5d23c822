package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.nn.ConvKernels;
import org.leapfrog.runtime.Dispatcher;

/**
 * 2-D convolution and transposed convolution on batches of images, as im2col / col2im layout kernels
 * ({@code nn/conv.cl}, {@link ConvKernels}) around the engine's fast products.
 *
 * <p>Layout: a batch of n images with C channels of H x W pixels is the {@code n x (C*H*W)} tensor with feature
 * {@code (c * H + y) * W + x} (PyTorch's NCHW order per image; feature-major storage puts the image index
 * innermost). Stored that way, the same values are also the {@code (H*W*n) x C} matrix whose row
 * {@code (y * W + x) * n + i} holds the channels of one pixel, so a convolution is {@code im2col} (a
 * {@code (OH*OW*n) x (C*K*K)} matrix), one product with the {@code (C*K*K) x C'} weight (fused bias), and a
 * zero-copy {@link #view} back to {@code n x (C'*OH*OW)}; a transposed convolution is the view, a product with
 * the {@code C x (C'*K*K)} weight and {@code col2im}. Weights: conv2d's {@code (C*K*K) x C'} tensor holds
 * PyTorch's {@code weight[c'][c][ki][kj]} at row {@code (c*K + ki)*K + kj}, column c' (the same memory order);
 * convTranspose2d's {@code C x (C'*K*K)} tensor holds PyTorch's {@code weight[c][c'][ki][kj]} at row c,
 * column {@code (c'*K + ki)*K + kj}. The two layout ops are each other's adjoints, so every backward rule is made
 * of differentiable ops and higher derivatives work.
 */
public final class Conv {
    private Conv() {
    }

    /** Output size of a convolution along one axis: {@code (in + 2 pad - kernel) / stride + 1}. */
    public static int outSize(int in, int kernel, int stride, int pad) {
        return (in + 2 * pad - kernel) / stride + 1;
    }

    /** Output size of a transposed convolution: {@code (in - 1) stride - 2 pad + kernel + outputPadding}. */
    public static int transposedOutSize(int in, int kernel, int stride, int pad, int outputPadding) {
        return (in - 1) * stride - 2 * pad + kernel + outputPadding;
    }

    /**
     * The geometry of a convolution from an image (c, h, w) to the grid (oh, ow) with a square kernel.
     * {@code im2col} maps images to columns, {@code col2im} columns to images.
     */
    record Geometry(int c, int h, int w, int k, int stride, int pad, int oh, int ow) {
        int imageFeatures() {
            return c * h * w;
        }

        int columns() {
            return c * k * k;
        }

        int positions() {
            return oh * ow;
        }

        static Geometry of(int c, int h, int w, int k, int stride, int pad) {
            check("channels", c, 1);
            check("height", h, 1);
            check("width", w, 1);
            check("kernel", k, 1);
            check("stride", stride, 1);
            check("padding", pad, 0);
            if (pad >= k) {
                throw new IllegalArgumentException("padding: " + pad + "; allowed: less than the kernel size " + k);
            }
            int oh = outSize(h, k, stride, pad);
            int ow = outSize(w, k, stride, pad);
            if (oh < 1 || ow < 1) {
                throw new IllegalArgumentException("kernel: " + k + " with padding " + pad + " on a " + h + " x " + w
                        + " image; allowed: kernel at most the padded image size");
            }
            return new Geometry(c, h, w, k, stride, pad, oh, ow);
        }
    }

    private static void check(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + ": " + v + "; allowed: " + min + " or more");
        }
    }

    /**
     * {@code conv2d(x)} for x ({@code n x (c*h*w)}), weight {@code (c*k*k) x cOut}, bias {@code 1 x cOut} or null:
     * {@code n x (cOut*oh*ow)} with {@code oh = outSize(h, k, stride, pad)}.
     */
    public static Tensor conv2d(Tensor x, int c, int h, int w, Tensor weight, Tensor bias, int k, int stride, int pad) {
        Geometry g = Geometry.of(c, h, w, k, stride, pad);
        checkImages(x, g, "x");
        if (weight.rows != g.columns()) {
            throw new IllegalArgumentException("weight: shape " + weight.shape() + "; allowed: " + g.columns()
                    + " x cOut (channels * kernel * kernel rows)");
        }
        Tensor cols = im2col(x, g);
        Tensor y = Linear.apply(cols, weight, bias, Linear.Activation.IDENTITY);
        return view(y, x.rows, weight.cols * g.positions());
    }

    /**
     * The transposed convolution (the adjoint in x of {@link #conv2d}, plus a bias) for x ({@code n x (c*h*w)}),
     * weight {@code c x (cOut*k*k)}, bias {@code 1 x cOut} or null: {@code n x (cOut*oh*ow)} with
     * {@code oh = transposedOutSize(h, k, stride, pad, outputPadding)}.
     */
    public static Tensor convTranspose2d(Tensor x, int c, int h, int w, Tensor weight, Tensor bias, int k, int stride,
                                         int pad, int outputPadding) {
        check("channels", c, 1);
        check("kernel", k, 1);
        check("stride", stride, 1);
        if (outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException("outputPadding: " + outputPadding + "; allowed: 0 to stride - 1 = "
                    + (stride - 1));
        }
        if (weight.rows != c || weight.cols % (k * k) != 0) {
            throw new IllegalArgumentException("weight: shape " + weight.shape() + "; allowed: " + c
                    + " x (cOut * " + k * k + ")");
        }
        int cOut = weight.cols / (k * k);
        int oh = transposedOutSize(h, k, stride, pad, outputPadding);
        int ow = transposedOutSize(w, k, stride, pad, outputPadding);
        // The convolution that maps the output image (cOut, oh, ow) back onto the input grid (h, w).
        Geometry g = Geometry.of(cOut, oh, ow, k, stride, pad);
        if (g.oh != h || g.ow != w) {
            throw new IllegalStateException("transposed geometry: " + g + " for input " + h + " x " + w);
        }
        if (x.cols != c * h * w) {
            throw new IllegalArgumentException("x: shape " + x.shape() + "; allowed: n x " + c * h * w
                    + " (channels * height * width)");
        }
        int n = x.rows;
        Tensor pixels = view(x, h * w * n, c);
        Tensor cols = pixels.matmul(weight);
        Tensor y = col2im(cols, g, n);
        if (bias == null) {
            return y;
        }
        if (bias.rows != 1 || bias.cols != cOut) {
            throw new IllegalArgumentException("bias: shape " + bias.shape() + "; allowed: 1 x " + cOut);
        }
        return view(view(y, oh * ow * n, cOut).add(bias), n, cOut * oh * ow);
    }

    private static void checkImages(Tensor x, Geometry g, String name) {
        if (x.cols != g.imageFeatures()) {
            throw new IllegalArgumentException(name + ": shape " + x.shape() + "; allowed: n x " + g.imageFeatures()
                    + " (channels * height * width)");
        }
    }

    /**
     * The same values as a {@code rows x cols} tensor (no copy: both share the storage; rows * cols must equal
     * the size). Meaningful for the layouts above, where reading feature-major storage with another row count
     * regroups (position, image) pairs.
     */
    public static Tensor view(Tensor t, int rows, int cols) {
        if ((long) rows * cols != t.size() || rows < 1) {
            throw new IllegalArgumentException("view: " + rows + " x " + cols + " of " + t.shape()
                    + "; allowed: the same number of elements, " + t.size());
        }
        if (rows == t.rows) {
            return t;
        }
        int r0 = t.rows;
        int c0 = t.cols;
        Tensor out = Tensor.make(t.engine, rows, cols, t.storage(), false, null);
        return Node.record(out, (g, needs) -> new Tensor[] {view(g, r0, c0)}, t);
    }

    /** Columns of the convolution {@code g} for images x ({@code n x (c*h*w)}): {@code (oh*ow*n) x (c*k*k)}. */
    static Tensor im2col(Tensor x, Geometry g) {
        int n = x.rows;
        Tensor out = Tensor.result(x.engine, g.positions() * n, g.columns(), false);
        launch(x, ConvKernels.im2col(x.engine.precision()), x.storage(), out.storage(), n, g, g.columns() * g.positions());
        return Node.record(out, (d, needs) -> new Tensor[] {col2im(d, g, n)}, x);
    }

    /** The adjoint of {@link #im2col}: images {@code n x (c*h*w)} from columns {@code (oh*ow*n) x (c*k*k)}. */
    static Tensor col2im(Tensor cols, Geometry g, int n) {
        if (cols.rows != g.positions() * n || cols.cols != g.columns()) {
            throw new IllegalArgumentException("cols: shape " + cols.shape() + "; allowed: " + g.positions() * n
                    + " x " + g.columns());
        }
        Tensor out = Tensor.result(cols.engine, n, g.imageFeatures(), false);
        launch(cols, ConvKernels.col2im(cols.engine.precision()), cols.storage(), out.storage(), n, g, g.imageFeatures());
        return Node.record(out, (d, needs) -> new Tensor[] {im2col(d, g)}, cols);
    }

    private static void launch(Tensor on, org.leapfrog.kernels.KernelDef def, Storage src, Storage dst, int n,
                               Geometry g, int items) {
        Dispatcher.Launch l = on.engine.device.dispatcher().kernel(def);
        l.buffer(ConvKernels.Args.SRC, src.buffer).buffer(ConvKernels.Args.DST, dst.buffer)
                .arg(ConvKernels.Args.N, n).arg(ConvKernels.Args.C, g.c).arg(ConvKernels.Args.H, g.h)
                .arg(ConvKernels.Args.W, g.w).arg(ConvKernels.Args.KH, g.k).arg(ConvKernels.Args.KW, g.k)
                .arg(ConvKernels.Args.STRIDE, g.stride).arg(ConvKernels.Args.PAD, g.pad)
                .arg(ConvKernels.Args.OH, g.oh).arg(ConvKernels.Args.OW, g.ow).run(on.engine.device.items(items));
    }
}
