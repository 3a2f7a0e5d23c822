package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our gradients against PyTorch's (fixtures written by src/test/python/make_autodiff_fixtures.py with
 * Debian's python3-torch 1.13.1, float64). Both sides compute the same formulas in a possibly different
 * summation order, so they agree to rounding: 1e-10 relative per element is far above that and far below
 * any real error. Each case runs on the Java and the OpenCL engine.
 */
class PyTorchFixturesTest {
    /** The engine of the running case. */
    private Engine engine;

    private static final double REL = 1e-10;

    private static JsonNode load(String name) throws IOException {
        try (InputStream in = PyTorchFixturesTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[] values(JsonNode f, String key) {
        JsonNode v = f.get(key).get("values");
        double[] d = new double[v.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = v.get(i).doubleValue();
        }
        return d;
    }

    private Tensor tensor(JsonNode f, String key, boolean variable) {
        int rows = f.get(key).get("rows").asInt();
        int cols = f.get(key).get("cols").asInt();
        return variable ? engine.variable(rows, cols, values(f, key)) : engine.wrap(rows, cols, values(f, key));
    }

    private static void assertMatches(JsonNode f, String key, Tensor actual) {
        double[] e = values(f, key);
        double[] a = actual.data();
        if (e.length != a.length) {
            fail(key + ": " + a.length + " values, PyTorch has " + e.length);
        }
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= REL * Math.abs(e[i]))) {
                fail(key + "[" + i + "]: ours " + a[i] + ", PyTorch " + e[i] + ", relative error "
                        + Math.abs(a[i] - e[i]) / Math.abs(e[i]));
            }
        }
    }

    private void mlpCase() throws IOException {
        JsonNode f = load("mlp.json");
        List<String> names = List.of("x", "w0", "b0", "w1", "b1", "w2", "b2", "logLambda");
        List<Tensor> leaves = new ArrayList<>();
        for (String n : names) {
            leaves.add(tensor(f, n, true));
        }
        Tensor h = leaves.get(0).matmul(leaves.get(1)).add(leaves.get(2)).tanh();
        h = h.matmul(leaves.get(3)).add(leaves.get(4)).elu(1.0);
        h = h.matmul(leaves.get(5)).add(leaves.get(6)).softplus();
        Tensor out = h.tanh().mul(leaves.get(7).exp());
        Tensor loss = out.mul(tensor(f, "r", false)).sum();
        assertMatches(f, "out", out);
        assertMatches(f, "loss", loss);
        Tensor[] g = Graph.grad(loss, leaves, false);
        for (int i = 0; i < names.size(); i++) {
            assertMatches(f, "grad_" + names.get(i), g[i]);
        }
    }

    private void leapfrogThroughAnMlpPotentialCase() throws IOException {
        JsonNode f = load("leapfrog_mlp_potential.json");
        List<String> names = List.of("x0", "p0", "w1", "b1", "w2", "b2", "eps");
        List<Tensor> leaves = new ArrayList<>();
        for (String n : names) {
            leaves.add(tensor(f, n, true));
        }
        Tensor w1 = leaves.get(2);
        Tensor b1 = leaves.get(3);
        Tensor w2 = leaves.get(4);
        Tensor b2 = leaves.get(5);
        Tensor eps = leaves.get(6);
        Tensor halfEps = eps.mul(0.5);
        Tensor x = leaves.get(0);
        Tensor p = leaves.get(1);
        for (int s = 0; s < 3; s++) {
            p = p.sub(halfEps.mul(gradPotential(x, w1, b1, w2, b2)));
            x = x.add(eps.mul(p));
            p = p.sub(halfEps.mul(gradPotential(x, w1, b1, w2, b2)));
        }
        Tensor loss = x.square().sumCols().meanRows().add(p.square().sumCols().meanRows().mul(0.5));
        assertMatches(f, "xFinal", x);
        assertMatches(f, "pFinal", p);
        assertMatches(f, "loss", loss);
        Tensor[] g = Graph.grad(loss, leaves, false);
        for (int i = 0; i < names.size(); i++) {
            assertMatches(f, "grad_" + names.get(i), g[i]);
        }
    }

    /** dU/dx for U(x) = softplus(tanh(x W1 + b1) W2 + b2), recorded so the loss can differentiate it. */
    private static Tensor gradPotential(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        Tensor u = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).softplus();
        return Graph.grad(u.sum(), x, true);
    }

    private void logisticRegressionGradientAndHessianVectorProductCase() throws IOException {
        JsonNode f = load("logistic_regression.json");
        Tensor xs = tensor(f, "x", false);
        Tensor y = tensor(f, "y", false);
        Tensor w = tensor(f, "w", true);
        Tensor b = tensor(f, "b", true);
        Tensor z = xs.matmul(w).add(b);
        Tensor nll = y.mul(z.logSigmoid()).add(y.rsub(1.0).mul(z.neg().logSigmoid())).mean().neg();
        Tensor loss = nll.add(w.square().sum().mul(0.5 * 0.1));
        assertMatches(f, "loss", loss);
        Tensor[] g = Graph.grad(loss, List.of(w, b), true);
        assertMatches(f, "grad_w", g[0]);
        assertMatches(f, "grad_b", g[1]);
        Tensor[] h = Graph.grad(g[0].mul(tensor(f, "v", false)).sum(), List.of(w, b), false);
        assertMatches(f, "hvp_w", h[0]);
        assertMatches(f, "hvp_b", h[1]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"java", "opencl"})
    void mlp(String name) throws IOException {
        engine = TestEngines.get(name);
        mlpCase();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"java", "opencl"})
    void leapfrogThroughAnMlpPotential(String name) throws IOException {
        engine = TestEngines.get(name);
        leapfrogThroughAnMlpPotentialCase();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"java", "opencl"})
    void logisticRegressionGradientAndHessianVectorProduct(String name) throws IOException {
        engine = TestEngines.get(name);
        logisticRegressionGradientAndHessianVectorProductCase();
    }
}
