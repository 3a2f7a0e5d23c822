package org.leapfrog.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.opencl.KernelBuildException.Diagnostic;

/** Reading line references out of compiler logs and mapping them back into an embedded fragment. */
class KernelBuildExceptionTest {
    private static final String LIBRARY = "// library line 1\n// library line 2\n// library line 3\n";
    private static final String USER = "double f(double x) {\n  return x\n}\n";
    private static final String PROGRAM = LIBRARY + USER + "// trailing library code\n";

    @Test
    void poclStyleLogMapsToTheFragmentsOwnLines() {
        String log = "error: /root/.cache/pocl/kcache/tempfile_x.cl:5:11: expected ';' after return statement\n"
                + "Device pthread failed to build the program\n";
        KernelBuildException e = new KernelBuildException("k", "-DREAL=double", PROGRAM, log);
        assertEquals(List.of(new Diagnostic(5, 11, "error: expected ';' after return statement")), e.diagnostics());
        assertEquals(4, e.firstLineOf(USER));
        assertEquals(List.of(new Diagnostic(2, 11, "error: expected ';' after return statement")),
                e.diagnosticsIn(USER));
    }

    @Test
    void clangStyleLogAndLinesOutsideTheFragment() {
        String log = "<kernel>:2:1: warning: something in the library\n"
                + "<kernel>:6:3: error: expected expression\n"
                + "1 error generated.\n";
        KernelBuildException e = new KernelBuildException("k", "", PROGRAM, log);
        assertEquals(List.of(new Diagnostic(2, 1, "warning: something in the library"),
                new Diagnostic(6, 3, "error: expected expression")), e.diagnostics());
        assertEquals(List.of(new Diagnostic(3, 3, "error: expected expression")), e.diagnosticsIn(USER));
        assertEquals(-1, e.firstLineOf("not in the program"));
        assertEquals(List.of(), e.diagnosticsIn("not in the program"));
    }
}
