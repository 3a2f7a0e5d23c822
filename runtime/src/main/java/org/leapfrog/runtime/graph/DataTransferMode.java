package org.leapfrog.runtime.graph;

/** When a graph copies an array between host and device (the names follow TornadoVM's). */
public enum DataTransferMode {
    /** Host to device once, at the first execution; afterwards the data lives on the device. */
    FIRST_EXECUTION,
    /** At every execution (host to device before the tasks, or device to host after them). */
    EVERY_EXECUTION,
    /** Only when {@link ExecutionPlan#transferToHost} or {@link ExecutionPlan#transferToDevice} asks. */
    UNDER_DEMAND
}
