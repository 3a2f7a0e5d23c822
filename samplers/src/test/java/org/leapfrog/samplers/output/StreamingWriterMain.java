package org.leapfrog.samplers.output;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Child process for {@link CmdStanCsvSinkTest}: streams synthetic draws of chains 0 and 2 (of 3) to the
 * directory in args[0], printing the number of completed draws after each, until it is killed.
 * It never closes the sink: the parent kills it with SIGKILL mid-stream.
 */
public final class StreamingWriterMain {
    private StreamingWriterMain() {}

    public static void main(String[] args) {
        SyntheticBatches batches = new SyntheticBatches(3, 4);
        CmdStanCsvSink sink = new CmdStanCsvSink(Path.of(args[0]), 3, new int[] {0, 2},
                List.of("a", "b", "c", "d"), Map.of("seed", "7"));
        for (long draw = 0; draw < Long.MAX_VALUE; draw++) {
            sink.accept(draw, batches.batch(draw));
            System.out.println(draw + 1);
            System.out.flush();
        }
    }
}
