import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.leapfrog.samplers.target.DeviceCode;
import org.leapfrog.samplers.target.OpenClTarget;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.TargetData;

/**
 * Eight schools, non-centred, as a Java target: the same model as eight_schools.cl (see there), so it runs on
 * the Java backend, and on OpenCL too when eight_schools.cl sits next to this class file on the classpath.
 *
 * <pre>
 *   javac -cp bench/target/leapfrog.jar -d examples/targets examples/targets/EightSchools.java
 *   ./leapfrog sample --target-class EightSchools --classpath examples/targets --data examples/targets/eight_schools.json
 * </pre>
 */
public final class EightSchools implements Target {
    private final int schools;
    private final double[] y;
    private final double[] sigma;
    private final Optional<DeviceCode> code;

    /** Called by {@code leapfrog sample --target-class EightSchools --data FILE}. */
    public EightSchools(TargetData data) {
        this.schools = data.integer("J", 1, 1_000_000);
        this.y = data.vector("y");
        this.sigma = data.vector("sigma");
        if (y.length != schools || sigma.length != schools) {
            throw new IllegalArgumentException("data: y has " + y.length + " and sigma " + sigma.length
                    + " values; allowed: J = " + schools + " each");
        }
        for (int j = 0; j < schools; j++) {
            if (!(sigma[j] > 0)) {
                throw new IllegalArgumentException("data: sigma[" + j + "] = " + sigma[j] + "; allowed: > 0");
            }
        }
        this.code = openClCode(data);
    }

    /** The OpenCL C twin, read from eight_schools.cl next to this class (absent: Java backend only). */
    private Optional<DeviceCode> openClCode(TargetData data) {
        try (InputStream in = EightSchools.class.getResourceAsStream("eight_schools.cl")) {
            if (in == null) {
                return Optional.empty();
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return OpenClTarget.fromSource(name(), dimension(), source, data).deviceCode();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read eight_schools.cl: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "eight_schools";
    }

    @Override
    public int dimension() {
        return schools + 2;
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(List.of("mu", "log_tau"));
        for (int j = 1; j <= schools; j++) {
            names.add("eta." + j);
        }
        return names;
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        for (int c = from; c < to; c++) {
            double mu = x[c], lt = x[stride + c], tau = Math.exp(lt), u = tau / 5;
            double lp = -mu * mu / 50 - Math.log1p(u * u) + lt;
            double gMu = -mu / 25, gLt = 1 - 2 * u * u / (1 + u * u);
            for (int j = 0; j < schools; j++) {
                double eta = x[(2 + j) * stride + c], s = sigma[j];
                double r = (y[j] - mu - tau * eta) / (s * s);
                lp += -0.5 * (eta * eta + r * r * s * s);
                gMu += r;
                gLt += r * tau * eta;
                grad[(2 + j) * stride + c] = -eta + r * tau;
            }
            grad[c] = gMu;
            grad[stride + c] = gLt;
            logDensity[c] = lp;
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        for (int c = from; c < to; c++) {
            double mu = x[c], tau = Math.exp(x[stride + c]), u2 = tau * tau / 25;
            double vMu = v[c], vLt = v[stride + c];
            double hMuMu = -1.0 / 25, hMuLt = 0, hLtLt = -4 * u2 / ((1 + u2) * (1 + u2));
            double outMu = 0, outLt = 0;
            for (int j = 0; j < schools; j++) {
                double eta = x[(2 + j) * stride + c], vEta = v[(2 + j) * stride + c], s2 = sigma[j] * sigma[j];
                double r = (y[j] - mu - tau * eta) / s2;
                double hMuEta = -tau / s2, hLtEta = -tau * tau * eta / s2 + r * tau, hEtaEta = -1 - tau * tau / s2;
                hMuMu -= 1 / s2;
                hMuLt -= tau * eta / s2;
                hLtLt += -tau * tau * eta * eta / s2 + r * tau * eta;
                outMu += hMuEta * vEta;
                outLt += hLtEta * vEta;
                out[(2 + j) * stride + c] = hMuEta * vMu + hLtEta * vLt + hEtaEta * vEta;
            }
            out[c] = hMuMu * vMu + hMuLt * vLt + outMu;
            out[stride + c] = hMuLt * vMu + hLtLt * vLt + outLt;
        }
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return code;
    }
}
