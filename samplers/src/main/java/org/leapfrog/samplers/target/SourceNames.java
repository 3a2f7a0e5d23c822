package org.leapfrog.samplers.target;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the data names a user's OpenCL C source expects but nothing defines, so that a missing data entry is
 * reported by name before the compiler runs (whose message would name the assembled program instead).
 *
 * <p>It looks at two kinds of identifier: those shaped like the data macros ({@code OFF_y}, {@code y_LEN},
 * {@code X_ROWS}, {@code X_COLS}, {@code X_COL_y}) and upper-case ones ({@code N}, {@code J}), which is how
 * sizes are usually written. Names the source itself defines or declares, and the kernel library's macros and
 * OpenCL's constants, are not reported. Lower-case scalars cannot be told from variables and are left to the
 * compiler.
 */
final class SourceNames {
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b");
    private static final Pattern DATA_SHAPED = Pattern.compile("OFF_\\w+|\\w+_(LEN|ROWS|COLS)|\\w+_COL_\\w+");
    private static final Pattern UPPER = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern DEFINE = Pattern.compile("#\\s*define\\s+([A-Za-z_]\\w*)");
    private static final Pattern PRAGMA = Pattern.compile("#\\s*pragma[^\\n]*");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    /** A name after a type (possibly after * or const), or before '=' in a declaration list, or in an enum. */
    private static final Pattern DECLARED = Pattern.compile("\\b(?:char|uchar|short|ushort|int|uint|long|ulong|float|"
            + "double|half|bool|size_t|void|REAL|RV|IV|UV|(?:char|uchar|short|ushort|int|uint|long|ulong|float|double)"
            + "(?:2|3|4|8|16))\\b[\\s*]*(?:const\\s+|restrict\\s+|__global\\s+|__private\\s+|[\\s*])*([A-Za-z_]\\w*)");
    private static final Pattern LIST_DECLARED = Pattern.compile(",\\s*\\**\\s*([A-Za-z_]\\w*)\\s*(?:=|\\[)");
    private static final Pattern TYPEDEF = Pattern.compile("\\btypedef\\b[^;]*?\\b([A-Za-z_]\\w*)\\s*;");
    private static final Pattern ENUM_OR_STRUCT = Pattern.compile("\\b(?:enum|struct|union)\\s*(\\w*)\\s*\\{([^}]*)\\}");
    private static final Set<String> KNOWN = Set.of("DIM", "REAL", "RV", "IV", "UV", "VW", "METRIC", "INFINITY",
            "NAN", "HUGE_VAL", "HUGE_VALF", "MAXFLOAT", "FP_CONTRACT", "OPENCL", "ON", "OFF", "DEFAULT", "CL_VERSION_1_2");
    private static final List<String> KNOWN_PREFIXES = List.of("LF_", "NN_", "CL_", "CLK_", "FLT_", "DBL_", "M_",
            "INT_", "UINT_", "LONG_", "ULONG_", "CHAR_", "SCHAR_", "UCHAR_", "SHRT_", "USHRT_", "FP_", "__");

    private SourceNames() {
    }

    /**
     * The identifiers {@code code} (comments already removed) uses that look like data names and that neither
     * it nor {@code defined} defines, sorted.
     */
    static Set<String> undefined(String code, Set<String> defined) {
        String text = clean(code);
        Set<String> own = own(text);
        Set<String> missing = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String id = m.group();
            if (defined.contains(id) || own.contains(id) || isKnown(id)) {
                continue;
            }
            if (DATA_SHAPED.matcher(id).matches() || UPPER.matcher(id).matches()) {
                missing.add(id);
            }
        }
        return missing;
    }

    /** The names {@code code} (comments removed) defines or declares itself: variables, functions, macros, types. */
    static Set<String> declared(String code) {
        return own(clean(code));
    }

    private static String clean(String code) {
        return STRING.matcher(PRAGMA.matcher(code).replaceAll(" ")).replaceAll(" ");
    }

    private static Set<String> own(String text) {
        Set<String> own = new LinkedHashSet<>();
        collect(DEFINE, text, own);
        collect(DECLARED, text, own);
        collect(LIST_DECLARED, text, own);
        collect(TYPEDEF, text, own);
        Matcher e = ENUM_OR_STRUCT.matcher(text);
        while (e.find()) {
            own.add(e.group(1));
            Matcher id = IDENTIFIER.matcher(e.group(2));
            while (id.find()) {
                own.add(id.group());
            }
        }
        return own;
    }

    private static boolean isKnown(String id) {
        if (KNOWN.contains(id)) {
            return true;
        }
        for (String p : KNOWN_PREFIXES) {
            if (id.startsWith(p)) {
                return !DATA_SHAPED.matcher(id).matches() || id.startsWith("LF_") || id.startsWith("__");
            }
        }
        return false;
    }

    private static void collect(Pattern p, String text, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
