package org.leapfrog.samplers.output;

import java.util.List;

/** Passes every batch to several sinks in order; closes them all, reporting the first failure. */
public final class FanOutSink implements DrawSink {
    private final DrawSink[] sinks;

    public FanOutSink(List<? extends DrawSink> sinks) {
        if (sinks == null || sinks.isEmpty()) {
            throw new IllegalArgumentException("sinks must be a non-empty list, got " + sinks);
        }
        this.sinks = sinks.toArray(new DrawSink[0]);
        for (int i = 0; i < this.sinks.length; i++) {
            if (this.sinks[i] == null) {
                throw new IllegalArgumentException("sinks[" + i + "] is null");
            }
        }
    }

    public static FanOutSink of(DrawSink... sinks) {
        return new FanOutSink(List.of(sinks));
    }

    @Override
    public void deferWrites() {
        for (DrawSink s : sinks) {
            s.deferWrites();
        }
    }

    @Override
    public void flush() {
        for (DrawSink s : sinks) {
            s.flush();
        }
    }

    @Override
    public void accept(long drawIndex, DrawBatch batch) {
        for (DrawSink sink : sinks) {
            sink.accept(drawIndex, batch);
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (DrawSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
