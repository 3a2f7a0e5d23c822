package org.leapfrog.kernels;

/** The element type of a buffer, on the host (Java array) and in OpenCL C. */
public enum ElementType {
    FLOAT32(4, "float", "float[]"),
    FLOAT64(8, "double", "double[]"),
    INT32(4, "int", "int[]"),
    INT64(8, "long", "long[]");

    private final int bytes;
    private final String cName;
    private final String javaName;

    ElementType(int bytes, String cName, String javaName) {
        this.bytes = bytes;
        this.cName = cName;
        this.javaName = javaName;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The OpenCL C scalar type ({@code uint}/{@code ulong} buffers are the same bits as int/long). */
    public String cName() {
        return cName;
    }

    /** The Java host array type, for messages. */
    public String javaName() {
        return javaName;
    }
}
