package org.leapfrog.runtime.tensor;

/**
 * Whether operations on the current thread record a graph. Recording is on by default; open a no-grad region
 * with {@code try (GradMode.Region r = GradMode.disable()) { ... }} (e.g. for sampling with trained
 * networks, or in-place parameter updates).
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned region is closed. */
    public static Region disable() {
        return set(false);
    }

    /** Turns recording on until the returned region is closed. */
    public static Region enable() {
        return set(true);
    }

    static Region set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        Region r = new Region(flag, flag[0]);
        flag[0] = enabled;
        return r;
    }

    /** Restores the previous mode when closed. */
    public static final class Region implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;

        private Region(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() {
            flag[0] = previous;
        }
    }
}
