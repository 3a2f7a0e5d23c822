package org.leapfrog.samplers.l2hmc;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;

/**
 * The kernels of {@code l2hmc_ops.cl} (L2HMC's augmented leapfrog updates as fused tensor operations, see
 * {@link L2hmcOps}) and their Java twins: the kernels' statements in the same order, with {@code Math.exp} and
 * {@code Math.tanh} where the kernels call exp and tanh (as the engine's element-wise twins do). Arguments by
 * position, as the kernels declare them.
 */
final class L2hmcOpKernels {
    private static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl",
            "org/leapfrog/kernels/l2hmc_ops.cl");
    private static final Map<String, String> DEFINES = Map.of("REAL", "double", "VW", "1");

    static final KernelDef V = new KernelDef("l2hmc-op-v", "l2hmc_op_v", SOURCES, "", DEFINES,
            L2hmcOpKernels::forwardV, sigV());
    static final KernelDef V_BACK = new KernelDef("l2hmc-op-v-back", "l2hmc_op_v_back", SOURCES, "", DEFINES,
            L2hmcOpKernels::backwardV, sigVBack());
    static final KernelDef X = new KernelDef("l2hmc-op-x", "l2hmc_op_x", SOURCES, "", DEFINES,
            L2hmcOpKernels::forwardX, sigX());
    static final KernelDef X_BACK = new KernelDef("l2hmc-op-x-back", "l2hmc_op_x_back", SOURCES, "", DEFINES,
            L2hmcOpKernels::backwardX, sigXBack());
    static final KernelDef COLSUMS = new KernelDef("l2hmc-op-colsums", "l2hmc_op_colsums", SOURCES, "", DEFINES,
            L2hmcOpKernels::colSums, sigColsums());
    static final KernelDef INPUT = new KernelDef("l2hmc-op-input", "l2hmc_op_input", SOURCES, "", DEFINES,
            L2hmcOpKernels::input, sigInput());
    static final KernelDef INPUT_BACK = new KernelDef("l2hmc-op-input-back", "l2hmc_op_input_back", SOURCES, "", DEFINES,
            L2hmcOpKernels::inputBack, sigInputBack());

    private L2hmcOpKernels() {
    }

    /**
     * The four update kernels built for VW chains per work-item, by VW (2, 4, 8, 16; lanes.cl's widths): on a CPU
     * device VW = 8 runs each update's exp and tanh on SIMD vectors, where one chain per work-item leaves them
     * scalar (the loop over coordinates inside each work-item keeps the compiler from vectorising across
     * work-items). Entry [VW] of each array; null for unsupported widths.
     */
    static final KernelDef[] V_LANES = lanes(V);
    static final KernelDef[] V_BACK_LANES = lanes(V_BACK);
    static final KernelDef[] X_LANES = lanes(X);
    static final KernelDef[] X_BACK_LANES = lanes(X_BACK);

    /** Whether the update kernels have a VW-lane build. */
    static boolean hasLanes(int vw) {
        return vw == 2 || vw == 4 || vw == 8 || vw == 16;
    }

    private static KernelDef[] lanes(KernelDef def) {
        KernelDef[] out = new KernelDef[17];
        for (int vw = 2; vw <= 16; vw *= 2) {
            out[vw] = lanes(def, vw);
        }
        return out;
    }

    private static KernelDef lanes(KernelDef def, int vw) {
        JavaKernel rows = def.twin();
        return new KernelDef(def.name() + "-lanes" + vw, def.entryPoint(), def.resources(), def.extraSource(),
                Map.of("REAL", "double", "VW", Integer.toString(vw)),
                (args, from, to) -> rows.run(args, from * vw, to * vw), def.signature());
    }

    // Signatures: the kernels' parameter lists (outputs declared write-only; scalars int).
    private static KernelSignature sigV() {
        KernelSignature.Builder b = KernelSignature.builder();
        b.intScalar("n");
        b.intScalar("dim");
        b.doubles("z", Access.READ);
        b.doubles("gu", Access.READ);
        b.doubles("raw", Access.READ);
        b.doubles("logs", Access.READ);
        b.doubles("logq", Access.READ);
        b.doubles("eps", Access.READ);
        b.doubles("fw", Access.READ);
        b.doubles("out", Access.WRITE);
        return b.build();
    }

    private static KernelSignature sigVBack() {
        KernelSignature.Builder b = KernelSignature.builder();
        b.intScalar("n");
        b.intScalar("dim");
        b.doubles("z", Access.READ);
        b.doubles("gu", Access.READ);
        b.doubles("raw", Access.READ);
        b.doubles("logs", Access.READ);
        b.doubles("logq", Access.READ);
        b.doubles("eps", Access.READ);
        b.doubles("fw", Access.READ);
        b.doubles("g", Access.READ);
        b.doubles("dz", Access.WRITE);
        b.doubles("dgu", Access.WRITE);
        b.doubles("draw", Access.WRITE);
        b.doubles("p", Access.WRITE);
        return b.build();
    }

    private static KernelSignature sigX() {
        KernelSignature.Builder b = KernelSignature.builder();
        b.intScalar("n");
        b.intScalar("dim");
        b.intScalar("part");
        b.doubles("z", Access.READ);
        b.doubles("raw", Access.READ);
        b.doubles("logs", Access.READ);
        b.doubles("logq", Access.READ);
        b.doubles("eps", Access.READ);
        b.doubles("fw", Access.READ);
        b.doubles("mf", Access.READ);
        b.doubles("mb", Access.READ);
        b.doubles("out", Access.WRITE);
        return b.build();
    }

    private static KernelSignature sigXBack() {
        KernelSignature.Builder b = KernelSignature.builder();
        b.intScalar("n");
        b.intScalar("dim");
        b.intScalar("part");
        b.doubles("z", Access.READ);
        b.doubles("raw", Access.READ);
        b.doubles("logs", Access.READ);
        b.doubles("logq", Access.READ);
        b.doubles("eps", Access.READ);
        b.doubles("fw", Access.READ);
        b.doubles("mf", Access.READ);
        b.doubles("mb", Access.READ);
        b.doubles("g", Access.READ);
        b.doubles("dz", Access.WRITE);
        b.doubles("draw", Access.WRITE);
        b.doubles("p", Access.WRITE);
        return b.build();
    }

    private static KernelSignature sigColsums() {
        KernelSignature.Builder b = KernelSignature.builder();
        b.intScalar("n");
        b.intScalar("dim");
        b.doubles("p", Access.READ);
        b.doubles("dlogs", Access.WRITE);
        b.doubles("dlogq", Access.WRITE);
        b.doubles("deps", Access.WRITE);
        b.doubles("ps", Access.READ);
        b.doubles("pq", Access.READ);
        b.doubles("pe", Access.READ);
        b.intScalar("hasPrev");
        return b.build();
    }

    private static KernelSignature sigInput() {
        KernelSignature.Builder b = KernelSignature.builder();
        b.intScalar("n");
        b.intScalar("dim");
        b.intScalar("mode");
        b.intScalar("part");
        b.doubles("z", Access.READ);
        b.doubles("gu", Access.READ);
        b.doubles("fw", Access.READ);
        b.doubles("mf", Access.READ);
        b.doubles("mb", Access.READ);
        b.doubles("tauf", Access.READ);
        b.doubles("taub", Access.READ);
        b.doubles("out", Access.WRITE);
        return b.build();
    }

    private static KernelSignature sigInputBack() {
        KernelSignature.Builder b = KernelSignature.builder();
        b.intScalar("n");
        b.intScalar("dim");
        b.intScalar("mode");
        b.intScalar("part");
        b.doubles("fw", Access.READ);
        b.doubles("mf", Access.READ);
        b.doubles("mb", Access.READ);
        b.doubles("g", Access.READ);
        b.doubles("dz", Access.WRITE);
        b.doubles("dgu", Access.WRITE);
        b.doubles("pz", Access.READ);
        b.doubles("pgu", Access.READ);
        b.intScalar("hasPrev");
        return b.build();
    }

    /** The kept mask of an x half (l2hmc_kept). */
    static double kept(int half, double f, double[] mf, double[] mb, int j) {
        double k = f != 0.0 ? mf[j] : mb[j];
        return half == 0 ? k : 1.0 - k;
    }

    private static void forwardV(KernelArguments args, int from, int to) {
        int n = args.intValue(0);
        int dim = args.intValue(1);
        double[] z = args.doubles(2);
        double[] gu = args.doubles(3);
        double[] raw = args.doubles(4);
        double[] logs = args.doubles(5);
        double[] logq = args.doubles(6);
        double[] eps = args.doubles(7);
        double[] fw = args.doubles(8);
        double[] out = args.doubles(9);
        int end = Math.min(to, n);
        for (int r = from; r < end; r++) {
            double e = eps[0];
            double h = e * 0.5;
            double f = fw[r];
            double b = 1.0 - f;
            double dr = f != 0.0 ? 1.0 : -1.0;
            double inc = 0.0;
            for (int j = 0; j < dim; j++) {
                double s = Math.tanh(raw[j * n + r]) * Math.exp(logs[j]);
                double t = raw[(dim + j) * n + r];
                double q = Math.tanh(raw[(2 * dim + j) * n + r]) * Math.exp(logq[j]);
                double a = s * h;
                double c = (gu[j * n + r] * Math.exp(q * e) + t) * h;
                double ad = a * dr;
                out[j * n + r] = z[j * n + r];
                out[(dim + j) * n + r] = (z[(dim + j) * n + r] + c * b) * Math.exp(ad) - c * f;
                inc += ad;
            }
            out[2 * dim * n + r] = z[2 * dim * n + r] + inc;
        }
    }

    private static void backwardV(KernelArguments args, int from, int to) {
        int n = args.intValue(0);
        int dim = args.intValue(1);
        double[] z = args.doubles(2);
        double[] gu = args.doubles(3);
        double[] raw = args.doubles(4);
        double[] logs = args.doubles(5);
        double[] logq = args.doubles(6);
        double[] eps = args.doubles(7);
        double[] fw = args.doubles(8);
        double[] g = args.doubles(9);
        double[] dz = args.doubles(10);
        double[] dgu = args.doubles(11);
        double[] draw = args.doubles(12);
        double[] p = args.doubles(13);
        int end = Math.min(to, n);
        for (int r = from; r < end; r++) {
            double e = eps[0];
            double h = e * 0.5;
            double f = fw[r];
            double b = 1.0 - f;
            double dr = f != 0.0 ? 1.0 : -1.0;
            double gl = g[2 * dim * n + r];
            double pe = 0.0;
            for (int j = 0; j < dim; j++) {
                double es = Math.exp(logs[j]);
                double eq = Math.exp(logq[j]);
                double ts = Math.tanh(raw[j * n + r]);
                double tq = Math.tanh(raw[(2 * dim + j) * n + r]);
                double s = ts * es;
                double t = raw[(dim + j) * n + r];
                double q = tq * eq;
                double gj = gu[j * n + r];
                double ex = Math.exp(q * e);
                double inner = gj * ex + t;
                double c = inner * h;
                double x = Math.exp(s * h * dr);
                double v = z[(dim + j) * n + r];
                double gv = g[(dim + j) * n + r];
                double dad = gv * (v + c * b) * x + gl;
                double dc = gv * x * b - gv * f;
                double da = dad * dr;
                double ds = da * h;
                double dex = dc * h * gj;
                double dq = dex * ex * e;
                dz[j * n + r] = g[j * n + r];
                dz[(dim + j) * n + r] = gv * x;
                dgu[j * n + r] = dc * h * ex;
                draw[j * n + r] = ds * es * (1.0 - ts * ts);
                draw[(dim + j) * n + r] = dc * h;
                draw[(2 * dim + j) * n + r] = dq * eq * (1.0 - tq * tq);
                p[j * n + r] = ds * s;
                p[(dim + j) * n + r] = dq * q;
                pe += (da * s + dc * inner) * 0.5 + dex * ex * q;
            }
            dz[2 * dim * n + r] = gl;
            p[2 * dim * n + r] = pe;
        }
    }

    private static void forwardX(KernelArguments args, int from, int to) {
        int n = args.intValue(0);
        int dim = args.intValue(1);
        int half = args.intValue(2);
        double[] z = args.doubles(3);
        double[] raw = args.doubles(4);
        double[] logs = args.doubles(5);
        double[] logq = args.doubles(6);
        double[] eps = args.doubles(7);
        double[] fw = args.doubles(8);
        double[] mf = args.doubles(9);
        double[] mb = args.doubles(10);
        double[] out = args.doubles(11);
        int end = Math.min(to, n);
        for (int r = from; r < end; r++) {
            double e = eps[0];
            double f = fw[r];
            double b = 1.0 - f;
            double dr = f != 0.0 ? 1.0 : -1.0;
            double inc = 0.0;
            for (int j = 0; j < dim; j++) {
                double kept = kept(half, f, mf, mb, j);
                double upd = 1.0 - kept;
                double s = Math.tanh(raw[j * n + r]) * Math.exp(logs[j]) * e;
                double t = raw[(dim + j) * n + r];
                double q = Math.tanh(raw[(2 * dim + j) * n + r]) * Math.exp(logq[j]);
                double v = z[(dim + j) * n + r];
                double cx = (v * Math.exp(q * e) + t) * e;
                double x = z[j * n + r];
                double moved = (x - cx * b) * Math.exp(s * dr) + cx * f;
                out[j * n + r] = kept * x + upd * moved;
                out[(dim + j) * n + r] = v;
                inc += upd * s * dr;
            }
            out[2 * dim * n + r] = z[2 * dim * n + r] + inc;
        }
    }

    private static void backwardX(KernelArguments args, int from, int to) {
        int n = args.intValue(0);
        int dim = args.intValue(1);
        int half = args.intValue(2);
        double[] z = args.doubles(3);
        double[] raw = args.doubles(4);
        double[] logs = args.doubles(5);
        double[] logq = args.doubles(6);
        double[] eps = args.doubles(7);
        double[] fw = args.doubles(8);
        double[] mf = args.doubles(9);
        double[] mb = args.doubles(10);
        double[] g = args.doubles(11);
        double[] dz = args.doubles(12);
        double[] draw = args.doubles(13);
        double[] p = args.doubles(14);
        int end = Math.min(to, n);
        for (int r = from; r < end; r++) {
            double e = eps[0];
            double f = fw[r];
            double b = 1.0 - f;
            double dr = f != 0.0 ? 1.0 : -1.0;
            double gl = g[2 * dim * n + r];
            double pe = 0.0;
            for (int j = 0; j < dim; j++) {
                double kept = kept(half, f, mf, mb, j);
                double upd = 1.0 - kept;
                double es = Math.exp(logs[j]);
                double eq = Math.exp(logq[j]);
                double ts = Math.tanh(raw[j * n + r]);
                double tq = Math.tanh(raw[(2 * dim + j) * n + r]);
                double sraw = ts * es;
                double s = sraw * e;
                double t = raw[(dim + j) * n + r];
                double q = tq * eq;
                double v = z[(dim + j) * n + r];
                double ex = Math.exp(q * e);
                double inner = v * ex + t;
                double cx = inner * e;
                double x = z[j * n + r];
                double y = Math.exp(s * dr);
                double gx = g[j * n + r];
                double gm = gx * upd;
                double dsd = gm * (x - cx * b) * y;
                double dcx = gm * (f - b * y);
                double ds = dsd * dr + gl * upd * dr;
                double dsraw = ds * e;
                double dex = dcx * e * v;
                double dq = dex * ex * e;
                dz[j * n + r] = gx * kept + gm * y;
                dz[(dim + j) * n + r] = g[(dim + j) * n + r] + dcx * e * ex;
                draw[j * n + r] = dsraw * es * (1.0 - ts * ts);
                draw[(dim + j) * n + r] = dcx * e;
                draw[(2 * dim + j) * n + r] = dq * eq * (1.0 - tq * tq);
                p[j * n + r] = dsraw * sraw;
                p[(dim + j) * n + r] = dq * q;
                pe += ds * sraw + dcx * inner + dex * ex * q;
            }
            dz[2 * dim * n + r] = gl;
            p[2 * dim * n + r] = pe;
        }
    }

    private static void colSums(KernelArguments args, int from, int to) {
        int n = args.intValue(0);
        int dim = args.intValue(1);
        double[] p = args.doubles(2);
        double[] dlogs = args.doubles(3);
        double[] dlogq = args.doubles(4);
        double[] deps = args.doubles(5);
        double[] ps = args.doubles(6);
        double[] pq = args.doubles(7);
        double[] pe = args.doubles(8);
        int hasPrev = args.intValue(9);
        int end = Math.min(to, 2 * dim + 1);
        for (int c = from; c < end; c++) {
            double s = 0.0;
            for (int r = 0; r < n; r++) {
                s += p[c * n + r];
            }
            if (c < dim) {
                dlogs[c] = plus(hasPrev & 1, ps, c, s);
            } else if (c < 2 * dim) {
                dlogq[c - dim] = plus(hasPrev & 2, pq, c - dim, s);
            } else {
                deps[0] = plus(hasPrev & 4, pe, 0, s);
            }
        }
    }

    private static void input(KernelArguments args, int from, int to) {
        int n = args.intValue(0);
        int dim = args.intValue(1);
        int mode = args.intValue(2);
        int half = args.intValue(3);
        double[] z = args.doubles(4);
        double[] gu = args.doubles(5);
        double[] fw = args.doubles(6);
        double[] mf = args.doubles(7);
        double[] mb = args.doubles(8);
        double[] tauf = args.doubles(9);
        double[] taub = args.doubles(10);
        double[] out = args.doubles(11);
        int end = Math.min(to, n);
        for (int r = from; r < end; r++) {
            double f = fw[r];
            for (int j = 0; j < dim; j++) {
                double x = z[j * n + r];
                out[j * n + r] = mode == 0 ? x : kept(half, f, mf, mb, j) * x;
                out[(dim + j) * n + r] = mode == 0 ? gu[j * n + r] : z[(dim + j) * n + r];
            }
            out[2 * dim * n + r] = f != 0.0 ? tauf[0] : taub[0];
            out[(2 * dim + 1) * n + r] = f != 0.0 ? tauf[1] : taub[1];
        }
    }

    private static void inputBack(KernelArguments args, int from, int to) {
        int n = args.intValue(0);
        int dim = args.intValue(1);
        int mode = args.intValue(2);
        int half = args.intValue(3);
        double[] fw = args.doubles(4);
        double[] mf = args.doubles(5);
        double[] mb = args.doubles(6);
        double[] g = args.doubles(7);
        double[] dz = args.doubles(8);
        double[] dgu = args.doubles(9);
        double[] pz = args.doubles(10);
        double[] pgu = args.doubles(11);
        int hasPrev = args.intValue(12);
        int hz = hasPrev & 1;
        int end = Math.min(to, n);
        for (int r = from; r < end; r++) {
            double f = fw[r];
            for (int j = 0; j < dim; j++) {
                double gx = g[j * n + r];
                dz[j * n + r] = plus(hz, pz, j * n + r, mode == 0 ? gx : kept(half, f, mf, mb, j) * gx);
                dz[(dim + j) * n + r] = plus(hz, pz, (dim + j) * n + r, mode == 0 ? 0.0 : g[(dim + j) * n + r]);
                if (mode == 0) {
                    dgu[j * n + r] = plus(hasPrev & 2, pgu, j * n + r, g[(dim + j) * n + r]);
                }
            }
            dz[2 * dim * n + r] = plus(hz, pz, 2 * dim * n + r, 0.0);
        }
    }

    /** {@code prev[at] + v} when {@code has} is not 0 (a gradient added to the one so far), else v (l2hmc_plus). */
    static double plus(int has, double[] prev, int at, double v) {
        return has != 0 ? prev[at] + v : v;
    }
}
