package org.leapfrog.samplers.target;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Named constant data for a user target (Stan-data style): scalars, vectors and row-major matrices, from a
 * JSON or CSV file ({@link #read(Path)}) or from Java arrays ({@link #builder()}).
 *
 * <p>On the device every entry is packed, in order, into the target-data buffer {@code td}
 * ({@link #packed()}), and the OpenCL C source sees {@code #define} lines ({@link #defines()}):
 * <pre>
 *   scalar s            s (its value: an integer literal when integral, e.g. 8), OFF_s
 *   vector v, length n  OFF_v, v_LEN = n
 *   matrix M, r x c     OFF_M, M_ROWS = r, M_COLS = c; element (i, j) at td[OFF_M + i * M_COLS + j]
 *   matrix column h     M_COL_h = its column index (for matrices with column names, e.g. from a CSV header)
 * </pre>
 * A Java target reads the same values with {@link #scalar}, {@link #vector} and {@link #matrix}.
 */
public final class TargetData {
    /** What an entry is. */
    public enum Shape { SCALAR, VECTOR, MATRIX }

    /** The name a CSV file's matrix gets. */
    public static final String CSV_MATRIX = "X";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Macros of the kernel library and C/OpenCL words a data name must not shadow. */
    private static final Set<String> RESERVED = Set.of("DIM", "REAL", "RV", "IV", "UV", "VW", "METRIC", "td",
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
            "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
            "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
            "volatile", "while", "bool", "half", "uint", "ulong", "uchar", "ushort", "size_t", "true", "false",
            "kernel", "global", "local", "constant", "private", "select", "exp", "log", "sqrt", "fmax", "fmin");

    private final Map<String, Entry> entries;
    private final double[] packed;
    private final Map<String, String> defines;
    private final Path file;
    private String hash;

    /**
     * One named entry.
     *
     * @param name    a C identifier
     * @param shape   scalar, vector or matrix
     * @param rows    1 for a scalar, the length of a vector, the rows of a matrix
     * @param cols    1 for scalars and vectors, the columns of a matrix
     * @param offset  where its values start in {@link #packed()}
     * @param columns column names (matrices from a CSV header; otherwise empty)
     */
    public record Entry(String name, Shape shape, int rows, int cols, int offset, List<String> columns) {
        public int size() {
            return rows * cols;
        }
    }

    private TargetData(Map<String, Entry> entries, double[] packed, Path file, String where) {
        this.entries = Collections.unmodifiableMap(entries);
        this.packed = packed;
        this.file = file;
        this.defines = Collections.unmodifiableMap(makeDefines(where));
    }

    /** No data: the source sees no data defines and {@code td} holds one unused zero. */
    public static TargetData empty() {
        return new TargetData(new LinkedHashMap<>(), new double[0], null, "data");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a {@code .json} file (an object of named numbers, arrays of numbers and arrays of equal-length
     * arrays of numbers) or a {@code .csv} file (a header row, then rows of numbers: one matrix named
     * {@value #CSV_MATRIX} whose columns are named by the header).
     *
     * @throws IllegalArgumentException with one line naming the file and what is wrong: missing or
     *                                  unreadable file, invalid JSON/CSV, a non-numeric or non-finite value, a
     *                                  ragged matrix, an unsupported name or shape
     */
    public static TargetData read(Path file) {
        return TargetDataFiles.read(file);
    }

    /** Parses JSON text as {@link #read(Path)} does for a {@code .json} file. */
    public static TargetData fromJson(String json) {
        return TargetDataFiles.fromJson(json, "data", null);
    }

    /** The entries' names, in order. */
    public Set<String> names() {
        return entries.keySet();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry with this name. */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("data: no entry '" + name + "'; allowed: "
                    + (entries.isEmpty() ? "none (the data is empty)" : String.join(", ", entries.keySet())));
        }
        return e;
    }

    /** A scalar's value. */
    public double scalar(String name) {
        return packed[expect(name, Shape.SCALAR).offset()];
    }

    /** A scalar that must be a whole number in [min, max], e.g. a size. */
    public int integer(String name, int min, int max) {
        double v = scalar(name);
        if (v != Math.rint(v) || v < min || v > max) {
            throw new IllegalArgumentException("data: " + name + " = " + v + "; allowed: a whole number in ["
                    + min + ", " + max + "]");
        }
        return (int) v;
    }

    /** A vector's values (a copy). */
    public double[] vector(String name) {
        Entry e = expect(name, Shape.VECTOR);
        return java.util.Arrays.copyOfRange(packed, e.offset(), e.offset() + e.size());
    }

    /** A matrix's values, row-major {@code rows x cols} (a copy). */
    public double[] matrix(String name) {
        Entry e = expect(name, Shape.MATRIX);
        return java.util.Arrays.copyOfRange(packed, e.offset(), e.offset() + e.size());
    }

    /** All values in entry order: the device buffer {@code td} (a copy). */
    public double[] packed() {
        return packed.clone();
    }

    /** The macro names and their values, in order, that the OpenCL C source sees. */
    public Map<String, String> defines() {
        return defines;
    }

    /** The file this data was read from, if any (for messages and for checkpoints). */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * SHA-256 (hex) of the names, shapes, column names and values' bits: equal for equal data however it was
     * written (file format, spacing, number spelling), different when any value changes.
     */
    public String contentHash() {
        if (hash == null) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                ByteBuffer b = ByteBuffer.allocate(16);
                for (Entry e : entries.values()) {
                    md.update(e.name().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(b.clear().putInt(e.shape().ordinal()).putInt(e.rows()).putInt(e.cols()).flip());
                    for (String c : e.columns()) {
                        md.update(c.getBytes(StandardCharsets.UTF_8));
                        md.update((byte) 0);
                    }
                    for (int i = e.offset(); i < e.offset() + e.size(); i++) {
                        md.update(b.clear().putLong(Double.doubleToLongBits(packed[i])).flip());
                    }
                }
                hash = HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException("SHA-256 is unavailable", ex);
            }
        }
        return hash;
    }

    /** A short description for messages, e.g. {@code J (scalar), y (vector of 8), X (matrix 1000 x 25)}. */
    public String describe() {
        if (entries.isEmpty()) {
            return "nothing";
        }
        List<String> parts = new ArrayList<>();
        for (Entry e : entries.values()) {
            parts.add(e.name() + (e.shape() == Shape.SCALAR ? " (scalar)"
                    : e.shape() == Shape.VECTOR ? " (vector of " + e.rows() + ")"
                    : " (matrix " + e.rows() + " x " + e.cols() + ")"));
        }
        return String.join(", ", parts);
    }

    private Entry expect(String name, Shape shape) {
        Entry e = entry(name);
        if (e.shape() != shape) {
            throw new IllegalArgumentException("data: " + name + " is a " + e.shape().name().toLowerCase()
                    + "; allowed here: a " + shape.name().toLowerCase());
        }
        return e;
    }

    private Map<String, String> makeDefines(String where) {
        Map<String, String> d = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            String n = e.name();
            switch (e.shape()) {
                case SCALAR:
                    put(d, n, literal(packed[e.offset()]), where);
                    put(d, "OFF_" + n, Integer.toString(e.offset()), where);
                    break;
                case VECTOR:
                    put(d, "OFF_" + n, Integer.toString(e.offset()), where);
                    put(d, n + "_LEN", Integer.toString(e.rows()), where);
                    break;
                default:
                    put(d, "OFF_" + n, Integer.toString(e.offset()), where);
                    put(d, n + "_ROWS", Integer.toString(e.rows()), where);
                    put(d, n + "_COLS", Integer.toString(e.cols()), where);
                    for (int j = 0; j < e.columns().size(); j++) {
                        String c = e.columns().get(j);
                        if (IDENTIFIER.matcher(c).matches()) {
                            put(d, n + "_COL_" + c, Integer.toString(j), where);
                        }
                    }
            }
        }
        return d;
    }

    private static void put(Map<String, String> d, String macro, String value, String where) {
        if (d.putIfAbsent(macro, value) != null) {
            throw new IllegalArgumentException(where + ": the macro " + macro + " would be defined twice (names "
                    + "collide with the generated OFF_/_LEN/_ROWS/_COLS/_COL_ names); allowed: names whose macros differ");
        }
    }

    /** A C literal: integral values within int range as integers, others with full double precision. */
    static String literal(double v) {
        String s = v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE ? Long.toString((long) v) : Double.toString(v);
        return v < 0 ? "(" + s + ")" : s;
    }

    static void checkName(String name, String where) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": name '" + name + "'; allowed: a C identifier "
                    + "(letters, digits, _; not starting with a digit)");
        }
        if (RESERVED.contains(name) || name.startsWith("lf_") || name.startsWith("LF_") || name.startsWith("NN_")
                || name.startsWith("__")) {
            throw new IllegalArgumentException(where + ": name '" + name + "' is reserved (a C/OpenCL word or a "
                    + "kernel-library name); allowed: another C identifier");
        }
    }

    /** Collects entries in order and checks each value. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final List<double[]> values = new ArrayList<>();
        private int size;
        private Path file;
        private String where = "data";

        Builder source(Path f, String label) {
            this.file = f;
            this.where = label;
            return this;
        }

        public Builder scalar(String name, double value) {
            return add(name, Shape.SCALAR, 1, 1, new double[] {value}, List.of());
        }

        public Builder vector(String name, double... v) {
            if (v == null || v.length == 0) {
                throw new IllegalArgumentException(where + ": " + name + " is " + (v == null ? "null" : "empty")
                        + "; allowed: at least one value");
            }
            return add(name, Shape.VECTOR, v.length, 1, v.clone(), List.of());
        }

        /** A matrix given as rows, which must all have the same length. */
        public Builder matrix(String name, double[][] rows) {
            return matrix(name, rows, List.of());
        }

        /** A matrix with column names (each named column that is a C identifier gets a {@code NAME_COL_c} macro). */
        public Builder matrix(String name, double[][] rows, List<String> columns) {
            if (rows == null || rows.length == 0 || rows[0] == null || rows[0].length == 0) {
                throw new IllegalArgumentException(where + ": " + name + " has no rows or no columns; allowed: "
                        + "at least one row of at least one value");
            }
            int cols = rows[0].length;
            double[] flat = new double[rows.length * cols];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] == null || rows[i].length != cols) {
                    throw new IllegalArgumentException(where + ": " + name + " is ragged: row " + i + " has "
                            + (rows[i] == null ? 0 : rows[i].length) + " values, row 0 has " + cols
                            + "; allowed: rows of equal length");
                }
                System.arraycopy(rows[i], 0, flat, i * cols, cols);
            }
            return matrix(name, rows.length, cols, flat, columns);
        }

        /** A matrix given row-major. */
        public Builder matrix(String name, int rows, int cols, double[] rowMajor) {
            return matrix(name, rows, cols, rowMajor, List.of());
        }

        private Builder matrix(String name, int rows, int cols, double[] rowMajor, List<String> columns) {
            if (rows < 1 || cols < 1 || rowMajor == null || (long) rows * cols != rowMajor.length) {
                throw new IllegalArgumentException(where + ": " + name + " is " + rows + " x " + cols + " with "
                        + (rowMajor == null ? "no" : Integer.toString(rowMajor.length)) + " values; allowed: rows, cols >= 1 "
                        + "and rows x cols values");
            }
            if (!columns.isEmpty() && columns.size() != cols) {
                throw new IllegalArgumentException(where + ": " + name + " has " + columns.size() + " column names for "
                        + cols + " columns; allowed: one name per column");
            }
            return add(name, Shape.MATRIX, rows, cols, rowMajor.clone(), List.copyOf(columns));
        }

        private Builder add(String name, Shape shape, int rows, int cols, double[] v, List<String> columns) {
            checkName(name, where);
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException(where + ": " + name + " is given twice; allowed: distinct names");
            }
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException(where + ": " + name + index(shape, i, cols) + " is " + v[i]
                            + "; allowed: a finite number");
                }
            }
            if (new LinkedHashSet<>(columns).size() != columns.size()) {
                throw new IllegalArgumentException(where + ": " + name + " has repeated column names " + columns
                        + "; allowed: distinct names");
            }
            entries.put(name, new Entry(name, shape, rows, cols, size, columns));
            values.add(v);
            size += v.length;
            return this;
        }

        private static String index(Shape shape, int i, int cols) {
            switch (shape) {
                case SCALAR:
                    return "";
                case VECTOR:
                    return "[" + i + "]";
                default:
                    return "[" + (i / cols) + "][" + (i % cols) + "]";
            }
        }

        public TargetData build() {
            double[] packed = new double[size];
            int at = 0;
            for (double[] v : values) {
                System.arraycopy(v, 0, packed, at, v.length);
                at += v.length;
            }
            return new TargetData(new LinkedHashMap<>(entries), packed, file, where);
        }
    }
}
