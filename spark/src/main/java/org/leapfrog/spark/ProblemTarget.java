package org.leapfrog.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.leapfrog.samplers.target.LogisticRegression;
import org.leapfrog.samplers.target.Target;

/** Builds one problem's target from its row of the problems Dataset; runs on the executors. */
@FunctionalInterface
public interface ProblemTarget extends Serializable {
    Target build(Row problem);

    /**
     * Bayesian logistic regression of a row with {@code features} (array of doubles, rows x p row-major; the
     * target standardises them and adds an intercept) and {@code labels} (array of 0/1, one per row), with the
     * library's default prior.
     */
    static ProblemTarget logisticRegression() {
        return row -> {
            List<Double> x = row.getList(row.fieldIndex("features"));
            List<Double> y = row.getList(row.fieldIndex("labels"));
            if (x == null || y == null) {
                throw new IllegalArgumentException("features/labels: null; allowed: arrays of numbers");
            }
            return new LogisticRegression("group", unbox(x, "features"), unbox(y, "labels"),
                    LogisticRegression.Options.defaults());
        };
    }

    private static double[] unbox(List<Double> values, String column) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = values.get(i);
            if (v == null) {
                throw new IllegalArgumentException(column + "[" + i + "]: null; allowed: a number");
            }
            out[i] = v;
        }
        return out;
    }
}
