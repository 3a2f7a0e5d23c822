package org.leapfrog.runtime;

/**
 * The index space of one kernel launch: 1-D or 2-D global sizes and optional work-group (local) sizes. On OpenCL
 * a global size is rounded up to a multiple of its local size (so kernels must skip work-items past their
 * count); 0 local sizes let the device choose. Java twins see the logical global sizes only (see
 * {@link org.leapfrog.kernels.JavaKernel2d}). A 1-D range has {@code globalY = 1, localY = 0}.
 *
 * @param dimensions 1 or 2
 * @param globalX    work-items in dimension 0 ({@code get_global_id(0)})
 * @param globalY    work-items in dimension 1 (1 for a 1-D range)
 * @param localX     work-group size in dimension 0, or 0
 * @param localY     work-group size in dimension 1, or 0
 */
public record Range(int dimensions, long globalX, long globalY, long localX, long localY) {
    public Range {
        if (dimensions != 1 && dimensions != 2) {
            throw new IllegalArgumentException("dimensions: " + dimensions + "; allowed: 1 or 2");
        }
        check("globalX", globalX, 0);
        check("globalY", globalY, dimensions == 1 ? 1 : 0);
        check("localX", localX, 0);
        check("localY", localY, 0);
        if (dimensions == 1 && (globalY != 1 || localY != 0)) {
            throw new IllegalArgumentException("a 1-D range has globalY 1 and localY 0; given " + globalY + " and " + localY);
        }
        if (dimensions == 2 && (localX == 0) != (localY == 0)) {
            throw new IllegalArgumentException("local sizes: " + localX + " x " + localY
                    + "; allowed: both 0 (the device chooses) or both 1 or more");
        }
    }

    private static void check(String name, long v, long min) {
        if (v < min || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + v + "; allowed: " + min + " to " + Integer.MAX_VALUE);
        }
    }

    /** {@code n} work-items, the device chooses the work-group size. */
    public static Range of(long n) {
        return new Range(1, n, 1, 0, 0);
    }

    /** {@code n} work-items in groups of {@code local} (0: the device chooses). */
    public static Range of(long n, long local) {
        return new Range(1, n, 1, local, 0);
    }

    /** {@code gx x gy} work-items, the device chooses the work-group size. */
    public static Range of2d(long gx, long gy) {
        return new Range(2, gx, gy, 0, 0);
    }

    /** {@code gx x gy} work-items in groups of {@code lx x ly}. */
    public static Range of2d(long gx, long gy, long lx, long ly) {
        return new Range(2, gx, gy, lx, ly);
    }

    /** Work-items in total (logical sizes). */
    public long items() {
        return globalX * globalY;
    }

    /** The global size an OpenCL launch uses in a dimension: rounded up to a multiple of its local size. */
    public long roundedGlobal(int dimension) {
        long g = dimension == 0 ? globalX : globalY;
        long l = dimension == 0 ? localX : localY;
        return l == 0 ? g : (g + l - 1) / l * l;
    }
}
