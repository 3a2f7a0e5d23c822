package org.leapfrog.runtime.graph;

import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.KernelSignature.Kind;
import org.leapfrog.runtime.buffer.Buffer;

/**
 * Checks kernel arguments against the kernel's {@link KernelSignature}: task graphs when frozen, dispatchers
 * when an argument is bound. Kernels without a signature are not checked (their buffers count as read-write).
 */
public final class Bindings {
    private Bindings() {
    }

    /** Checks every argument of a task (count, kinds, element types); an error names the task and argument. */
    static void check(String graph, KernelTask t) {
        KernelSignature s = t.kernel().signature();
        if (s == null) {
            return;
        }
        String where = "task '" + t.name() + "' of graph '" + graph + "' (kernel " + t.kernel().entryPoint() + ")";
        if (t.args().size() != s.size()) {
            throw new IllegalArgumentException(where + ": " + t.args().size() + " arguments given; allowed: exactly "
                    + s.size() + " " + s);
        }
        for (int i = 0; i < s.size(); i++) {
            Object a = t.args().get(i);
            Kind kind;
            ElementType type = null;
            if (a instanceof HostArray h) {
                kind = Kind.BUFFER;
                type = h.elementType();
            } else if (a instanceof IntParam) {
                kind = Kind.INT;
            } else if (a instanceof LongParam) {
                kind = Kind.LONG;
            } else {
                kind = Kind.DOUBLE;
            }
            check(where, s.arg(i), kind, type, a);
        }
    }

    /**
     * Checks one binding of a dispatched kernel (nothing for a kernel without a signature). {@code given} is the
     * buffer or a description of the scalar, described only in an error (binding allocates nothing).
     */
    public static void check(KernelDef def, int index, Kind kind, ElementType type, Object given) {
        KernelSignature s = def.signature();
        if (s == null) {
            return;
        }
        if (index < 0 || index >= s.size()) {
            throw new IllegalArgumentException("kernel " + def.entryPoint() + ": argument index " + index
                    + "; allowed: 0 to " + (s.size() - 1) + " " + s);
        }
        Arg arg = s.arg(index);
        if (!matches(arg, kind, type)) {
            check("kernel " + def.entryPoint(), arg, kind, type, given);
        }
    }

    private static boolean matches(Arg arg, Kind kind, ElementType type) {
        return arg.kind() == kind && (kind != Kind.BUFFER || arg.elementType() == type);
    }

    private static void check(String where, Arg arg, Kind kind, ElementType type, Object given) {
        if (!matches(arg, kind, type)) {
            throw new IllegalArgumentException(where + ", argument " + arg.index() + " '" + arg.name() + "': given "
                    + (given instanceof String text ? text : describe(given)) + "; allowed: " + arg.describe());
        }
    }

    /** How a kernel accesses argument {@code index}: the declared access, or read-write without a signature. */
    public static Access access(KernelDef def, int index) {
        KernelSignature s = def.signature();
        return s == null || index >= s.size() ? Access.READ_WRITE : s.arg(index).access();
    }

    /** A bound value for messages, e.g. {@code IntArray 'accepted' (int elements)} or {@code an int scalar (IntParam)}. */
    public static String describe(Object a) {
        if (a instanceof Buffer b) {
            return b.getClass().getSimpleName() + " '" + b.name() + "' (" + b.elementType().cName() + " elements)";
        }
        if (a instanceof IntParam) {
            return "an int scalar (IntParam)";
        }
        if (a instanceof LongParam) {
            return "a long scalar (LongParam)";
        }
        return "a double scalar (" + a.getClass().getSimpleName() + ")";
    }
}
