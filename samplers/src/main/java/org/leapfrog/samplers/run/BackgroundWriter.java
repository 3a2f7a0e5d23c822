package org.leapfrog.samplers.run;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.leapfrog.samplers.output.DrawBatch;
import org.leapfrog.samplers.output.DrawSink;

/**
 * A writer thread that hands kept draws to a sink and runs other output work (checkpoints) in submission order,
 * so a checkpoint is written only after the rows it covers. Draws travel in a fixed pool of buffers: when the
 * writer falls that far behind, {@link #take} blocks the sampling thread (a bounded queue), so memory stays fixed
 * and nothing is dropped. {@link #close} writes everything queued, then ends the thread and rethrows the
 * writer's first failure; after a failure, {@link #take} and {@link #submit} throw it too.
 */
final class BackgroundWriter implements AutoCloseable {
    /** One pooled kept draw: the packed values (as {@code ChainStatistics.awaitKept} writes them) and a batch. */
    static final class Draw {
        final double[] packed;
        final DrawBatch batch;
        long index;
        /** The n_leapfrog__ of this draw (its iteration's L). */
        int numSteps;
        /** The value the batch's n_leapfrog__ column holds now (filled again only when it changes). */
        private int filledSteps;
        Runnable task;

        Draw(double[] packed, DrawBatch batch) {
            this.packed = packed;
            this.batch = batch;
        }
    }

    private static final Draw END = new Draw(null, null);

    private final DrawSink sink;
    private final int dimension;
    private final int chains;
    private final BlockingQueue<Draw> free;
    private final BlockingQueue<Draw> work = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile Throwable failure;
    private boolean closed;

    /**
     * @param sink      receives every kept draw, on the writer thread (null: draws are only counted)
     * @param capacity  kept draws that may wait for the writer
     * @param stepSize  the stepsize__ column
     * @param numSteps  the n_leapfrog__ column
     */
    BackgroundWriter(DrawSink sink, int chains, int dimension, int capacity, double stepSize, int numSteps) {
        this.sink = sink;
        if (sink != null) {
            sink.deferWrites(); // this thread flushes whenever it runs out of work, before tasks and at the end
        }
        this.chains = chains;
        this.dimension = dimension;
        this.free = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < capacity; i++) {
            double[] step = new double[chains];
            java.util.Arrays.fill(step, stepSize);
            int[] steps = new int[chains];
            java.util.Arrays.fill(steps, numSteps);
            DrawBatch b = new DrawBatch(chains, dimension, new double[dimension * chains], new double[chains],
                    new double[chains], step, steps, new byte[chains], new double[chains]);
            Draw d = new Draw(new double[(dimension + 4) * chains], b);
            d.numSteps = numSteps;
            d.filledSteps = numSteps;
            free.add(d);
        }
        this.thread = new Thread(this::loop, "leapfrog-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** A free draw buffer to fill; blocks while the writer is {@code capacity} draws behind. */
    Draw take() {
        try {
            while (true) {
                check();
                Draw d = free.poll(50, TimeUnit.MILLISECONDS);
                if (d != null) {
                    d.task = null;
                    return d;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the draw writer", e);
        }
    }

    /** Queues a filled draw for the sink. */
    void submit(Draw d, long drawIndex) {
        check();
        d.index = drawIndex;
        work.add(d);
    }

    /** Queues work for the writer thread, to run after everything queued before it. */
    void submit(Runnable task) {
        check();
        Draw d = new Draw(null, null);
        d.task = task;
        work.add(d);
    }

    private void check() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("writing the run's output failed: " + f.getMessage(), f);
        }
    }

    private void loop() {
        try {
            while (true) {
                Draw d = work.take();
                if (d == END) {
                    if (sink != null) {
                        sink.flush(); // closing the writer means the rows are written
                    }
                    return;
                }
                if (d.task != null) {
                    if (sink != null) {
                        sink.flush(); // a checkpoint's work follows the rows it covers, on disk
                    }
                    d.task.run();
                    continue;
                }
                if (sink != null) {
                    unpack(d);
                    sink.accept(d.index, d.batch);
                    if (work.isEmpty()) {
                        sink.flush(); // out of work: the draws accepted since the last flush go out in one write
                    }
                }
                free.add(d);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Splits the packed rows into the batch's arrays. */
    private void unpack(Draw d) {
        double[] p = d.packed;
        DrawBatch b = d.batch;
        int n = chains, dim = dimension;
        System.arraycopy(p, 0, b.position(), 0, dim * n);
        System.arraycopy(p, dim * n, b.logDensity(), 0, n);
        System.arraycopy(p, (dim + 1) * n, b.acceptStat(), 0, n);
        byte[] div = b.divergent();
        for (int c = 0; c < n; c++) {
            div[c] = (byte) (p[(dim + 2) * n + c] != 0 ? 1 : 0);
        }
        System.arraycopy(p, (dim + 3) * n, b.energy(), 0, n);
        if (d.numSteps != d.filledSteps) {
            java.util.Arrays.fill(b.numSteps(), d.numSteps);
            d.filledSteps = d.numSteps;
        }
    }

    /** Writes everything queued, ends the thread and rethrows the writer's failure, if any. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        work.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the draw writer finished", e);
        }
        check();
    }
}
