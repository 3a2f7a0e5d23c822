package org.leapfrog.samplers.output;

/**
 * Receives kept draws as the run goes; implementations copy what they keep.
 *
 * <p>{@code drawIndex} is the 0-based index of the kept draw in the run (warm-up excluded); sinks see draws in
 * increasing order. A sink must not keep a reference to the batch or its arrays after {@code accept} returns.
 */
public interface DrawSink extends AutoCloseable {
    void accept(long drawIndex, DrawBatch batch);

    @Override
    void close();
}
