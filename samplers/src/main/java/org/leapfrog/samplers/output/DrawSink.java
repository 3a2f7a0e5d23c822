package org.leapfrog.samplers.output;

/** Receives kept draws as the run goes; implementations copy what they keep. */
public interface DrawSink extends AutoCloseable { void accept(long drawIndex, DrawBatch batch); @Override void close(); }
