package org.leapfrog.bench.suite;

import java.util.List;

/**
 * Everything the throughput benchmark measured, as written to {@code throughput.json}.
 *
 * @param benchmark   {@code throughput}
 * @param createdAt   ISO-8601 time of the run
 * @param machine     the machine
 * @param settings    the settings
 * @param backends    the backends timed, described
 * @param ess         ESS per chain and draw of each workload
 * @param rows        Leapfrog's rows, then the C references', then external peers'
 * @param notes       skipped points and peers, and why
 * @param wallSeconds wall time of the whole benchmark
 */
public record ThroughputReport(String benchmark, String createdAt, MachineInfo machine, ThroughputSettings settings,
                               List<String> backends, List<EssPerDraw> ess, List<ThroughputRow> rows,
                               List<String> notes, double wallSeconds) {
}
