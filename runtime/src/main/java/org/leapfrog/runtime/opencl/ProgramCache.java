package org.leapfrog.runtime.opencl;

import java.util.HashMap;
import java.util.Map;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSources;

/**
 * Built programs of one context, keyed by program text and build options, so each program is built once
 * however many plans use it. Closing the cache releases the programs.
 */
public final class ProgramCache implements AutoCloseable {
    private final ClContext context;
    private final Map<String, ClProgram> programs = new HashMap<>();
    private int builds;

    public ProgramCache(ClContext context) {
        this.context = context;
    }

    /** The built program for this kernel, building it on first use. */
    public synchronized ClProgram program(KernelDef def) {
        String source = KernelSources.programText(def);
        String options = def.buildOptions();
        String key = options + '\u0000' + source;
        ClProgram p = programs.get(key);
        if (p == null) {
            p = new ClProgram(context, def.name(), source, options);
            builds++;
            programs.put(key, p);
        }
        return p;
    }

    /** How many programs were built (not taken from the cache). */
    public synchronized int builds() {
        return builds;
    }

    @Override
    public synchronized void close() {
        programs.values().forEach(ClProgram::close);
        programs.clear();
    }
}
