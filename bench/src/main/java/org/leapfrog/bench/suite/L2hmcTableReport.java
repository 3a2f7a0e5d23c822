package org.leapfrog.bench.suite;

import java.util.List;

/** Everything the L2HMC-table benchmark measured, as written to {@code l2hmc-table.json}. */
public record L2hmcTableReport(String benchmark, String createdAt, MachineInfo machine, String backend,
                               L2hmcTableSettings settings, List<L2hmcTableRow> rows, List<String> notes,
                               double wallSeconds) {
}
