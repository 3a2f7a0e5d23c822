package org.leapfrog.kernels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A kernel's parameters, declared once, in the OpenCL kernel's order: name, kind (a buffer of an element type,
 * or an int, long or double scalar) and, for buffers, how the kernel accesses them. Task graphs check their
 * bindings against it when frozen, the OpenCL plan sets scalars by the declared type, dispatchers keep buffer
 * copies current by the declared access, and Java twins read arguments through the {@link Arg} constants the
 * builder returns instead of repeating positions:
 *
 * <pre>{@code
 * static final KernelSignature.Builder B = KernelSignature.builder();
 * static final Arg SEED = B.longScalar("seed");
 * static final Arg OUT = B.buffer("out", ElementType.FLOAT64, Access.WRITE);
 * static final KernelSignature SIGNATURE = B.build();
 * ... in the twin: long seed = a.longValue(SEED); double[] out = a.doubles(OUT);
 * }</pre>
 */
public final class KernelSignature {
    /** What an argument is. */
    public enum Kind {
        BUFFER, INT, LONG, DOUBLE;

        String label() {
            return this == BUFFER ? "buffer" : name().toLowerCase(java.util.Locale.ROOT) + " scalar";
        }
    }

    /** How a kernel uses a buffer; scalars are always read. */
    public enum Access {
        READ, WRITE, READ_WRITE;

        /** Whether the kernel reads the incoming values (so they must be current where it runs). */
        public boolean reads() {
            return this != WRITE;
        }

        /** Whether the kernel changes the buffer (so other copies are stale afterwards). */
        public boolean writes() {
            return this != READ;
        }
    }

    /**
     * One parameter.
     *
     * @param index       its position in the kernel's parameter list
     * @param name        its name (the OpenCL parameter's name)
     * @param kind        buffer or scalar kind
     * @param elementType the buffer's element type (null for scalars)
     * @param access      the buffer's access ({@link Access#READ} for scalars)
     */
    public record Arg(int index, String name, Kind kind, ElementType elementType, Access access) {
        public Arg {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(access, "access");
            if ((kind == Kind.BUFFER) != (elementType != null)) {
                throw new IllegalArgumentException("argument '" + name + "': a buffer needs an element type, a scalar none");
            }
        }

        /** For messages, e.g. {@code a double buffer (read_write)} or {@code an int scalar}. */
        public String describe() {
            if (kind == Kind.BUFFER) {
                return "a " + elementType.cName() + " buffer (" + access.name().toLowerCase(java.util.Locale.ROOT) + ")";
            }
            return (kind == Kind.INT ? "an " : "a ") + kind.label();
        }
    }

    private final List<Arg> args;

    private KernelSignature(List<Arg> args) {
        this.args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Arg> args() {
        return args;
    }

    public int size() {
        return args.size();
    }

    public Arg arg(int index) {
        return args.get(index);
    }

    /** The argument with this name; an unknown name is an error listing the known ones. */
    public Arg arg(String name) {
        for (Arg a : args) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("argument name: '" + name + "'; allowed: " + names());
    }

    /** The names in order, for messages. */
    public List<String> names() {
        List<String> n = new ArrayList<>(args.size());
        args.forEach(a -> n.add(a.name()));
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (Arg a : args) {
            sb.append(sb.length() > 1 ? ", " : "").append(a.name()).append(": ").append(a.describe());
        }
        return sb.append(')').toString();
    }

    /** Declares arguments in order; each call returns the argument's constant for the twin to read it by. */
    public static final class Builder {
        private final List<Arg> args = new ArrayList<>();
        private boolean built;

        private Arg add(String name, Kind kind, ElementType type, Access access) {
            if (built) {
                throw new IllegalStateException("signature already built; declare every argument before build()");
            }
            for (Arg a : args) {
                if (a.name().equals(name)) {
                    throw new IllegalArgumentException("argument name: '" + name + "' is declared twice");
                }
            }
            Arg a = new Arg(args.size(), name, kind, type, access);
            args.add(a);
            return a;
        }

        public Arg buffer(String name, ElementType type, Access access) {
            return add(name, Kind.BUFFER, Objects.requireNonNull(type, "type"), access);
        }

        /** A float64 buffer. */
        public Arg doubles(String name, Access access) {
            return buffer(name, ElementType.FLOAT64, access);
        }

        /** An int32 buffer. */
        public Arg ints(String name, Access access) {
            return buffer(name, ElementType.INT32, access);
        }

        public Arg intScalar(String name) {
            return add(name, Kind.INT, null, Access.READ);
        }

        public Arg longScalar(String name) {
            return add(name, Kind.LONG, null, Access.READ);
        }

        public Arg doubleScalar(String name) {
            return add(name, Kind.DOUBLE, null, Access.READ);
        }

        public KernelSignature build() {
            built = true;
            return new KernelSignature(args);
        }
    }
}
