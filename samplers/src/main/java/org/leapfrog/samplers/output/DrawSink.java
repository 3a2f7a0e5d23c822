package org.leapfrog.samplers.output;

/**
 * Receives kept draws as the run goes; implementations copy what they keep.
 *
 * <p>{@code drawIndex} is the 0-based index of the kept draw in the run (warm-up excluded); sinks see draws in
 * increasing order. A sink must not keep a reference to the batch or its arrays after {@code accept} returns.
 */
public interface DrawSink extends AutoCloseable {
    void accept(long drawIndex, DrawBatch batch);

    /**
     * From now on, what {@link #accept} writes may wait in memory until the next {@link #flush} (or
     * {@link #close}): for a caller that flushes whenever it runs out of work, such as a writer thread, so that
     * several draws go out in one write. By default a sink writes as it accepts and this does nothing.
     */
    default void deferWrites() {
    }

    /** Hands everything accepted so far to the operating system (see {@link #deferWrites}). */
    default void flush() {
    }

    @Override
    void close();
}
