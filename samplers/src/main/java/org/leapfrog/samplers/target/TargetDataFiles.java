package org.leapfrog.samplers.target;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads {@link TargetData} from JSON and CSV files; every problem is one line naming the file and the value. */
final class TargetDataFiles {
    // NaN and Infinity tokens are read so that they are reported as non-finite values, not as a syntax error;
    // a repeated key is an error rather than silently keeping the last value.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TargetDataFiles() {
    }

    static TargetData read(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("data file: null; allowed: a .json or .csv file");
        }
        String label = "data file " + file;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(label + ": does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(label + ": is not a readable file");
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(label + ": is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException(label + ": cannot be read (" + e.getMessage() + ")");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as some spreadsheets write
        }
        if (lower.endsWith(".json")) {
            return fromJson(text, label, file);
        }
        if (lower.endsWith(".csv")) {
            return fromCsv(text, label, file);
        }
        throw new IllegalArgumentException(label + ": unknown format; allowed: a file ending in .json or .csv");
    }

    static TargetData fromJson(String text, String label, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String kind = e instanceof JsonParseException ? "not valid JSON" : "unreadable JSON";
            throw new IllegalArgumentException(label + ": " + kind + where + ": " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(label + ": empty; allowed: a JSON object such as {\"N\": 3, \"y\": [1, 2, 3]}");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(label + ": the top level is a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                    + "; allowed: an object of named numbers, arrays and arrays of arrays");
        }
        TargetData.Builder b = TargetData.builder().source(file, label);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            TargetData.checkName(name, label);
            if (!v.isArray()) {
                b.scalar(name, number(v, label, name));
            } else if (v.isEmpty()) {
                throw new IllegalArgumentException(label + ": " + name + " is an empty array; allowed: at least one value");
            } else if (!v.get(0).isArray()) {
                double[] a = new double[v.size()];
                for (int i = 0; i < a.length; i++) {
                    if (v.get(i).isArray()) {
                        throw new IllegalArgumentException(label + ": " + name + "[" + i + "] is an array but "
                                + name + "[0] is a number; allowed: all numbers (a vector) or all arrays (a matrix)");
                    }
                    a[i] = number(v.get(i), label, name + "[" + i + "]");
                }
                b.vector(name, a);
            } else {
                b.matrix(name, rows(v, label, name));
            }
        }
        return b.build();
    }

    private static double[][] rows(JsonNode v, String label, String name) {
        double[][] m = new double[v.size()][];
        int cols = v.get(0).size();
        for (int i = 0; i < m.length; i++) {
            JsonNode row = v.get(i);
            if (!row.isArray()) {
                throw new IllegalArgumentException(label + ": " + name + "[" + i + "] is a number but " + name
                        + "[0] is an array; allowed: all numbers (a vector) or all arrays (a matrix)");
            }
            if (row.size() != cols) {
                throw new IllegalArgumentException(label + ": " + name + " is ragged: row " + i + " has " + row.size()
                        + " values, row 0 has " + cols + "; allowed: rows of equal length");
            }
            m[i] = new double[cols];
            for (int j = 0; j < cols; j++) {
                if (row.get(j).isArray()) {
                    throw new IllegalArgumentException(label + ": " + name + " has more than two levels of arrays; "
                            + "allowed: numbers, vectors and matrices (arrays of equal-length arrays)");
                }
                m[i][j] = number(row.get(j), label, name + "[" + i + "][" + j + "]");
            }
        }
        return m;
    }

    private static double number(JsonNode v, String label, String what) {
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(label + ": " + what + " is " + v.asText() + "; allowed: a finite number");
            }
            return d;
        }
        String shown = v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
        if (v.isTextual() && isNonFiniteWord(v.asText())) {
            throw new IllegalArgumentException(label + ": " + what + " is " + shown + "; allowed: a finite number");
        }
        throw new IllegalArgumentException(label + ": " + what + " is " + shown + ", not a number; allowed: numbers, "
                + "arrays of numbers, arrays of equal-length arrays of numbers");
    }

    private static boolean isNonFiniteWord(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        return t.equals("nan") || t.matches("[+-]?inf(inity)?");
    }

    /** A header row, then numbers: one matrix named {@link TargetData#CSV_MATRIX}, columns named by the header. */
    static TargetData fromCsv(String text, String label, Path file) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true)
                .setIgnoreSurroundingSpaces(true).setCommentMarker('#').build();
        List<String> header = null;
        List<double[]> rows = new ArrayList<>();
        try (Reader r = new java.io.StringReader(text); CSVParser p = CSVParser.parse(r, format)) {
            for (CSVRecord rec : p) {
                if (header == null) {
                    header = rec.toList();
                    checkHeader(header, label);
                    continue;
                }
                if (rec.size() != header.size()) {
                    throw new IllegalArgumentException(label + ": line " + lineOf(text, rec) + " has " + rec.size()
                            + " values; allowed: " + header.size() + " (the header's columns), so no ragged rows");
                }
                double[] row = new double[rec.size()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = csvNumber(rec, j, text, label, header.get(j));
                }
                rows.add(row);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(label + ": not valid CSV: " + firstLine(e.getMessage()));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(label + ": not valid CSV: " + firstLine(e.getMessage()));
        }
        if (header == null) {
            throw new IllegalArgumentException(label + ": empty; allowed: a header row, then rows of numbers");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(label + ": a header but no data rows; allowed: at least one row of numbers");
        }
        return TargetData.builder().source(file, label)
                .matrix(TargetData.CSV_MATRIX, rows.toArray(new double[0][]), header).build();
    }

    private static void checkHeader(List<String> header, String label) {
        for (int j = 0; j < header.size(); j++) {
            String h = header.get(j);
            if (h.isEmpty()) {
                throw new IllegalArgumentException(label + ": header column " + (j + 1) + " is empty; allowed: a "
                        + "header row naming every column");
            }
            if (isNumber(h)) {
                throw new IllegalArgumentException(label + ": the first row (" + String.join(",", header)
                        + ") looks like numbers; allowed: a header row naming the columns, then the numbers");
            }
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return !isNonFiniteWord(s) && !s.equalsIgnoreCase("nan");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double csvNumber(CSVRecord rec, int j, String text, String label, String column) {
        String s = rec.get(j);
        double d;
        try {
            // parseDouble also takes "NaN", "Infinity" and hex; the first two are reported as non-finite below.
            d = isNonFiniteWord(s) ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + ": line " + lineOf(text, rec) + ", column " + column + ": '" + s
                    + "' is not a number; allowed: numbers only below the header");
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(label + ": line " + lineOf(text, rec) + ", column " + column + ": '" + s
                    + "' is not finite; allowed: a finite number");
        }
        return d;
    }

    /** The 1-based line a record starts on (counted only when reporting an error). */
    private static long lineOf(String text, CSVRecord rec) {
        long line = 1;
        int i = 0;
        for (; i < rec.getCharacterPosition() && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        // The recorded position can sit before skipped empty lines; the record starts after them.
        for (; i < text.length() && Character.isWhitespace(text.charAt(i)); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
