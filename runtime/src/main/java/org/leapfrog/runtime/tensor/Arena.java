package org.leapfrog.runtime.tensor;

import java.util.ArrayList;

/**
 * A pool of tensor storage for loops that repeat the same computation (a training iteration: forward,
 * backward, optimizer step). While a {@linkplain #open() scope} is open, operations on this arena's engine
 * take their results' storage from the pool; closing the scope gives all of it back. The open scope is part
 * of the engine's context (there is no thread-local state), so it applies to every operation on that engine.
 * After the first iteration every request is met from the pool, so a steady-state loop allocates no value
 * arrays (Java) and no device buffers (OpenCL):
 * <pre>{@code
 * try (Arena arena = new Arena(engine)) {
 *     for (int it = 0; it < n; it++) {
 *         try (Arena.Scope s = arena.open()) {
 *             opt.zeroGrad();
 *             Graph.backward(loss(batch));
 *             opt.step();
 *         }
 *     }
 * }
 * }</pre>
 * Results made in a scope must not be used after it closes (using one throws); keep values with
 * {@link Tensor#copy()}, whose storage is not pooled. Tensors made by factories (parameters, {@code wrap},
 * {@code zeros}) are never pooled. Scopes of one engine (of one or several arenas) nest; close them in
 * reverse order. Like its engine, an arena is used from one thread at a time.
 */
public final class Arena implements AutoCloseable {
    private final Engine engine;
    /** Free storages by length: {@code free[i]} holds storages of {@code lengths[i]} doubles. */
    private int[] lengths = new int[16];
    @SuppressWarnings("unchecked")
    private ArrayList<Storage>[] free = new ArrayList[16];
    private int kinds;
    /** Storages handed out by open scopes, in order; each scope owns a suffix. */
    private final ArrayList<Storage> lent = new ArrayList<>();
    private long hits;
    private long misses;
    private int openScopes;
    private boolean closed;

    public Arena(Engine engine) {
        engine.checkOpen();
        this.engine = engine;
    }

    public Engine engine() {
        return engine;
    }

    /** Opens a scope on the engine: results of its operations come from this pool until the scope closes. */
    public Scope open() {
        if (closed) {
            throw new IllegalStateException("arena is closed");
        }
        Scope s = new Scope(this, lent.size(), engine.scope);
        engine.scope = s;
        openScopes++;
        return s;
    }

    /** Requests met from the pool. */
    public long hits() {
        return hits;
    }

    /** Requests that needed a new storage (allocated and then kept in the pool). */
    public long misses() {
        return misses;
    }

    /** Storage of {@code length} doubles from the innermost open scope on {@code engine}, or null. */
    static Storage take(Engine engine, int length) {
        Scope s = engine.scope;
        return s == null ? null : s.arena.take(length);
    }

    private Storage take(int length) {
        int i = kind(length);
        ArrayList<Storage> list = free[i];
        Storage st;
        if (list.isEmpty()) {
            misses++;
            st = engine.device.allocate(length, false, false);
        } else {
            hits++;
            st = list.remove(list.size() - 1);
        }
        lent.add(st);
        return st;
    }

    private int kind(int length) {
        for (int i = 0; i < kinds; i++) {
            if (lengths[i] == length) {
                return i;
            }
        }
        if (kinds == lengths.length) {
            lengths = java.util.Arrays.copyOf(lengths, 2 * kinds);
            free = java.util.Arrays.copyOf(free, 2 * kinds);
        }
        lengths[kinds] = length;
        free[kinds] = new ArrayList<>();
        return kinds++;
    }

    private void giveBack(int from) {
        for (int j = lent.size() - 1; j >= from; j--) {
            Storage st = lent.remove(j);
            st.generation++;
            engine.device.recycled(st);
            free[kind(st.length)].add(st);
        }
    }

    /** Frees the pool's device buffers. Scopes must be closed first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (openScopes > 0) {
            throw new IllegalStateException("arena: " + openScopes + " scopes are still open; close them first");
        }
        closed = true;
        for (int i = 0; i < kinds; i++) {
            for (Storage st : free[i]) {
                st.generation++;
                engine.device.free(st);
            }
            free[i].clear();
        }
    }

    /** A region of pooled results on the arena's engine; closing returns them to the pool. */
    public static final class Scope implements AutoCloseable {
        private final Arena arena;
        private final int from;
        private final Scope previous;
        private boolean closed;

        private Scope(Arena arena, int from, Scope previous) {
            this.arena = arena;
            this.from = from;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (arena.engine.scope != this) {
                throw new IllegalStateException("arena scope closed out of order; close inner scopes first");
            }
            closed = true;
            arena.giveBack(from);
            arena.openScopes--;
            arena.engine.scope = previous;
        }
    }
}
