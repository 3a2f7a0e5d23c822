package org.leapfrog.runtime.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A frozen task graph, ready for a backend to plan. */
public final class ImmutableTaskGraph {
    private final String name;
    private final Map<HostArray, DataTransferMode> toDevice;
    private final Map<HostArray, DataTransferMode> toHost;
    private final List<KernelTask> tasks;

    ImmutableTaskGraph(String name, Map<HostArray, DataTransferMode> toDevice,
                       Map<HostArray, DataTransferMode> toHost, List<KernelTask> tasks) {
        this.name = name;
        this.toDevice = Collections.unmodifiableMap(new LinkedHashMap<>(toDevice));
        this.toHost = Collections.unmodifiableMap(new LinkedHashMap<>(toHost));
        this.tasks = List.copyOf(tasks);
    }

    public String name() {
        return name;
    }

    public Map<HostArray, DataTransferMode> toDevice() {
        return toDevice;
    }

    public Map<HostArray, DataTransferMode> toHost() {
        return toHost;
    }

    public List<KernelTask> tasks() {
        return tasks;
    }

    /** Every array the graph touches, in first-use order. */
    public Set<HostArray> arrays() {
        Set<HostArray> all = new LinkedHashSet<>(toDevice.keySet());
        for (KernelTask t : tasks) {
            for (Object a : t.args()) {
                if (a instanceof HostArray h) {
                    all.add(h);
                }
            }
        }
        all.addAll(toHost.keySet());
        return all;
    }
}
