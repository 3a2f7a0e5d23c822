package org.leapfrog.samplers.adapt;

import java.util.ArrayList;
import java.util.List;

/**
 * Stan's warmup schedule: a fast initial buffer (step size only), slow windows that double in length (metric
 * estimated from each window's draws), and a fast terminal buffer. When the three defaults do not fit, Stan's
 * fallback of 15% / 75% / 10% is used. A window whose doubled successor would not end before the terminal
 * buffer is stretched to the buffer's start.
 */
public final class WindowSchedule {
    private final int numWarmup;
    private final int initBuffer;
    private final int termBuffer;
    private final int[] windowEnds;

    /**
     * @param numWarmup  warmup iterations, >= 20 for any metric adaptation (fewer: step size only)
     * @param initBuffer e.g. 75
     * @param baseWindow e.g. 25
     * @param termBuffer e.g. 50
     */
    public WindowSchedule(int numWarmup, int initBuffer, int baseWindow, int termBuffer) {
        if (numWarmup < 1) {
            throw new IllegalArgumentException("numWarmup: " + numWarmup + "; allowed: 1 or more");
        }
        if (initBuffer < 0 || termBuffer < 0 || baseWindow < 1) {
            throw new IllegalArgumentException("window sizes: init " + initBuffer + ", base " + baseWindow + ", term "
                    + termBuffer + "; allowed: init >= 0, base >= 1, term >= 0");
        }
        this.numWarmup = numWarmup;
        if (numWarmup < 20) {
            this.initBuffer = numWarmup;
            this.termBuffer = 0;
            this.windowEnds = new int[0];
            return;
        }
        if (initBuffer + baseWindow + termBuffer > numWarmup) {
            initBuffer = (int) (0.15 * numWarmup);
            termBuffer = (int) (0.1 * numWarmup);
            baseWindow = numWarmup - initBuffer - termBuffer;
        }
        this.initBuffer = initBuffer;
        this.termBuffer = termBuffer;
        int slowEnd = numWarmup - termBuffer;
        List<Integer> ends = new ArrayList<>();
        int start = initBuffer;
        int size = baseWindow;
        while (start < slowEnd) {
            int end = start + size;
            if (end + 2 * size >= slowEnd) {
                end = slowEnd;
            }
            ends.add(end);
            start = end;
            size *= 2;
        }
        this.windowEnds = ends.stream().mapToInt(Integer::intValue).toArray();
    }

    public int numWarmup() {
        return numWarmup;
    }

    public int initBuffer() {
        return initBuffer;
    }

    public int termBuffer() {
        return termBuffer;
    }

    /** Exclusive end iteration of each slow window, ascending. */
    public int[] windowEnds() {
        return windowEnds.clone();
    }

    /** Whether warmup iteration i (0-based) contributes a draw to the metric estimate. */
    public boolean inSlowWindow(int i) {
        return windowEnds.length > 0 && i >= initBuffer && i < windowEnds[windowEnds.length - 1];
    }

    /** Whether warmup iteration i is the last of a slow window (the metric is updated after it). */
    public boolean endsWindow(int i) {
        for (int e : windowEnds) {
            if (e - 1 == i) {
                return true;
            }
        }
        return false;
    }
}
