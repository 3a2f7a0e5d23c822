package org.leapfrog.runtime.tensor;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.nn.OptimizerKernels;
import org.leapfrog.kernels.nn.RandomOpKernels;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.graph.TransferStats;
import org.leapfrog.runtime.java.JavaBackend;

/**
 * The context of a computation: where tensors live and operations run, whether operations record a graph,
 * and which {@link Arena} scope supplies results' storage. There is no ambient state: every tensor is made by
 * an engine ({@link #zeros}, {@link #wrap}, {@link #parameter}, the random tensors ...), knows its engine,
 * and operations on it read that engine's grad mode and arena scope. Modules and optimizers take the engine
 * of their parameters.
 * <pre>{@code
 * try (Engine cl = Engine.on(backend)) {
 *     Sequential mlp = Sequential.mlp(cl, ...);          // parameters in device buffers
 *     try (Engine.GradRegion r = cl.noGrad()) { ... }     // no recording on this engine
 * }
 * }</pre>
 * {@link #on(Backend)} makes an engine on any backend: every tensor's values are a runtime
 * {@link org.leapfrog.runtime.graph.DoubleArray} whose device copy lives in the backend's memory, and every
 * operation is one launch through the backend's {@link Dispatcher} (OpenCL kernels, or their Java twins on the
 * Java backend). {@link #java()} is an engine on a shared Java backend. Mixing engines in one operation is an
 * error. Host access ({@link Tensor#data()}, {@link Tensor#get}, {@link Tensor#item()}) copies from the device
 * on demand; {@link #transfers()} counts those copies. An engine is not thread-safe: use it from one thread
 * at a time (one engine per thread for parallel work).
 */
public final class Engine implements AutoCloseable {
    final Device device;
    private final boolean closeable;
    private boolean closed;
    /** Whether operations record a graph (on by default). */
    private boolean gradEnabled = true;
    /** The innermost open arena scope on this engine, or null. */
    Arena.Scope scope;
    private final Map<KernelDef, KernelCall> calls = new HashMap<>();
    private final Map<BatchedDensity, TargetOps.DeviceTarget> targets = new IdentityHashMap<>();

    private Engine(Device device, boolean closeable) {
        this.device = device;
        this.closeable = closeable;
    }

    /** The Java backend of {@link #java()} engines, made on first use (its pool's threads are daemons). */
    private static final class SharedJava {
        static final JavaBackend BACKEND = new JavaBackend(JavaBackend.defaultThreads());
    }

    /** A new engine on a Java backend shared by all such engines (closing the engine leaves the backend open). */
    public static Engine java() {
        return new Engine(new Device(SharedJava.BACKEND, ElementType.FLOAT64), false);
    }

    /**
     * An engine on {@code backend}, whatever its kind: tensors live in buffers with device copies in the
     * backend's memory, operations are launches of its dispatcher. Close it before the backend (closing releases
     * its kernel slots; tensor buffers are released with their tensors or arenas).
     */
    public static Engine on(Backend backend) {
        return new Engine(new Device(backend, ElementType.FLOAT64), true);
    }

    /**
     * An engine on {@code backend} in {@code precision} (FLOAT64 or FLOAT32): every tensor's buffer has that
     * element type and its operations run the kernels built for it. Float32 tensors are read with
     * {@link Tensor#floatData()} or {@link Tensor#toArray()} (a double copy); {@link Tensor#data()} is float64's.
     */
    public static Engine on(Backend backend, ElementType precision) {
        return new Engine(new Device(backend, precision), true);
    }

    /** A new engine on the shared Java backend of {@link #java()}, in {@code precision}. */
    public static Engine java(ElementType precision) {
        return new Engine(new Device(SharedJava.BACKEND, precision), false);
    }

    /** The element type of this engine's tensors: FLOAT64 or FLOAT32. */
    public ElementType precision() {
        return device.precision();
    }

    /** The backend this engine's tensors live on. */
    public Backend backend() {
        return device.backend();
    }

    /** Whether this engine's kernels run as OpenCL C on an OpenCL device. */
    public boolean isOpenCl() {
        return device.backend().kind() == BackendKind.OPENCL;
    }

    /**
     * The engine's dispatcher: kernels launched through it on a tensor's buffer ({@link Tensor#buffer()}) are
     * ordered with the engine's own operations (use it from the engine's thread).
     */
    public Dispatcher dispatcher() {
        return device.dispatcher();
    }

    /** Value buffers (each with its device copy) made so far, arena storage included; a training loop in an
     * {@link Arena} stops adding to it after its first iteration. */
    public long allocations() {
        return device.allocations();
    }

    /**
     * Copies between host and device so far, from the dispatcher's statistics (always zero where the backend's
     * memory is the host's), and kernel launches ({@code executions} is 0: an engine has no plans).
     */
    public TransferStats transfers() {
        return device.transfers();
    }

    // ---- grad mode ----

    /** Whether operations on this engine's tensors record a graph. */
    public boolean isGradEnabled() {
        return gradEnabled;
    }

    /** Turns recording off on this engine until the returned region is closed (sampling with trained networks). */
    public GradRegion noGrad() {
        return setGrad(false);
    }

    /** Turns recording on until the returned region is closed. */
    public GradRegion enableGrad() {
        return setGrad(true);
    }

    GradRegion setGrad(boolean enabled) {
        GradRegion r = new GradRegion(this, gradEnabled);
        gradEnabled = enabled;
        return r;
    }

    // ---- factories: tensors on this engine ----

    public Tensor zeros(int rows, int cols) {
        return Tensor.make(this, rows, cols, device.allocate(Tensor.checkedSize(rows, cols), true, true), false, null);
    }

    public Tensor full(int rows, int cols, double value) {
        Tensor t = Tensor.make(this, rows, cols, device.allocate(Tensor.checkedSize(rows, cols), false, true), false, null);
        device.fill(t.storage(), 0, value, t.size());
        return t;
    }

    public Tensor scalar(double value) {
        return full(1, 1, value);
    }

    /** A constant whose values are {@code data} (feature-major): shared on the Java engine; on OpenCL, the host
     * copy that is uploaded on first use (later changes to the array need {@link Tensor#data()}, see there). */
    public Tensor wrap(int rows, int cols, double[] data) {
        Tensor.checkShape(rows, cols, data);
        return Tensor.make(this, rows, cols, device.wrap(data), false, null);
    }

    /** A leaf that requires a gradient, with values {@code data} as in {@link #wrap}. */
    public Tensor variable(int rows, int cols, double[] data) {
        Tensor.checkShape(rows, cols, data);
        return Tensor.make(this, rows, cols, device.wrap(data), true, null);
    }

    /** A named trainable parameter of zeros with a gradient accumulator; initialise {@link Tensor#data()} in place. */
    public Tensor parameter(String name, int rows, int cols) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name: '" + name + "'; allowed: a non-empty string");
        }
        return Tensor.make(this, rows, cols, device.allocate(Tensor.checkedSize(rows, cols), true, true), true, name);
    }

    // ---- random tensors: constants drawn on the engine (see RandomOps) ----

    /** Standard normals; element (r, c) is normal c of stream (seed, chain r, iteration, purpose). */
    public Tensor normal(int rows, int cols, long seed, int purpose, int iteration) {
        return RandomOps.normal(this, rows, cols, seed, purpose, iteration);
    }

    /** Uniforms in (0, 1), keyed as {@link #normal}. */
    public Tensor uniform(int rows, int cols, long seed, int purpose, int iteration) {
        return RandomOps.uniform(this, rows, cols, seed, purpose, iteration);
    }

    /** Rademacher directions: +1 or -1 with probability 1/2 each, keyed as {@link #normal}. */
    public Tensor rademacher(int rows, int cols, long seed, int purpose, int iteration) {
        return RandomOps.rademacher(this, rows, cols, seed, purpose, iteration);
    }

    /** Bernoulli masks: 1 with probability {@code p}, else 0, keyed as {@link #normal}. */
    public Tensor bernoulli(int rows, int cols, double p, long seed, int purpose, int iteration) {
        return RandomOps.bernoulli(this, rows, cols, p, seed, purpose, iteration);
    }

    // ---- custom kernels ----

    /**
     * The launch slot of {@code def} on this engine: bind tensors and scalars by the kernel's parameter
     * positions, then run. On the Java engine the definition's twin runs; on OpenCL its kernel. Slots are made
     * once per definition and keep their bindings, so a loop allocates nothing.
     */
    public KernelCall kernel(KernelDef def) {
        checkOpen();
        KernelCall c = calls.get(def);
        if (c == null) {
            KernelDef d = device.isFloat32() ? FLOAT32_VERSIONS.getOrDefault(def, def) : def;
            checkPrecision(d);
            c = device.call(this, d);
            calls.put(def, c);
        }
        return c;
    }

    /** The device form of a target on this engine (kernels and its data buffer), made once per target. */
    TargetOps.DeviceTarget deviceTarget(BatchedDensity target) {
        TargetOps.DeviceTarget t = targets.get(target);
        if (t == null) {
            t = TargetOps.DeviceTarget.of(this, target);
            targets.put(target, t);
        }
        return t;
    }

    /** The float32 builds of the engine's float64 kernel definitions: a float32 engine launches these instead. */
    private static final Map<KernelDef, KernelDef> FLOAT32_VERSIONS = float32Versions();

    private static Map<KernelDef, KernelDef> float32Versions() {
        Map<KernelDef, KernelDef> m = new HashMap<>();
        for (int i = 0; i < OptimizerKernels.ALL.size(); i++) {
            m.put(OptimizerKernels.ALL.get(i), OptimizerKernels.Float32.ALL.get(i));
        }
        m.put(RandomOpKernels.RANDOM, RandomOpKernels.RANDOM_FLOAT32);
        return Map.copyOf(m);
    }

    /** A float32 engine's tensors cannot be bound to float64 buffer parameters: say so before any binding. */
    private void checkPrecision(KernelDef def) {
        if (device.precision() == ElementType.FLOAT64 || !def.hasSignature()) {
            return;
        }
        for (org.leapfrog.kernels.KernelSignature.Arg a : def.signature().args()) {
            if (a.elementType() == ElementType.FLOAT64) {
                throw new UnsupportedOperationException("kernel " + def.name() + ": parameter '" + a.name()
                        + "' is a float64 buffer; this engine is float32 (target kernels"
                        + " run on float64 engines only)");
            }
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("engine " + device.describe() + " is closed");
        }
    }

    /** Releases the engine's kernel slots (tensor buffers are released with their tensors or arenas). */
    @Override
    public void close() {
        if (closeable && !closed) {
            closed = true;
            device.close();
        }
    }

    @Override
    public String toString() {
        return "Engine[" + device.describe() + "]";
    }

    /** Restores the engine's previous grad mode when closed. */
    public static final class GradRegion implements AutoCloseable {
        private final Engine engine;
        private final boolean previous;

        private GradRegion(Engine engine, boolean previous) {
            this.engine = engine;
            this.previous = previous;
        }

        @Override
        public void close() {
            engine.gradEnabled = previous;
        }
    }
}
