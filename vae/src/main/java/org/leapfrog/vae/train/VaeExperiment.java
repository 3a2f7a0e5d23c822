package org.leapfrog.vae.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.data.Images;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.Objective;
import org.leapfrog.vae.model.Vae;

/**
 * One training run end to end, into a directory: train (resuming from {@code DIR/checkpoint} when asked and
 * present) with a checkpoint after every epoch, restore the best validation epoch, write the model
 * ({@code model.params.json}), estimate the test NLL by importance sampling, draw the pictures and write the
 * report. The objective decides the model (the VAE's ELBO, or an HVAE's).
 */
public final class VaeExperiment {
    /**
     * @param nllImages   test images for the NLL (0: all 10,000; negative: skip the NLL)
     * @param nllSamples  importance samples per image (the paper: 1000)
     * @param nllRepeats  independent repeats (the paper: 3)
     * @param rowsPerPass batch rows per evaluation pass
     * @param resume      continue from {@code DIR/checkpoint} if it exists
     */
    public record Options(int nllImages, int nllSamples, int nllRepeats, int rowsPerPass, boolean resume) {
        public static Options paper() {
            return new Options(0, 1000, 3, 1000, false);
        }
    }

    /** Listeners for the phases (the library prints nothing). */
    public interface Progress extends TrainListener {
        default void phase(String name) {
        }

        default void nllImages(int done, int total) {
        }
    }

    private VaeExperiment() {
    }

    public static TrainingReport run(Engine engine, Mnist data, Architecture arch, Objective objective,
                                     TrainSettings settings, Options options, Path out, Progress progress)
            throws IOException {
        return run(engine, data, arch, objective, settings, options, out, progress, null);
    }

    /**
     * As {@link #run(Engine, Mnist, Architecture, Objective, TrainSettings, Options, Path, Progress)}, with the VAE's
     * encoder and decoder starting from {@code initialParameters} (a {@code model.params.json} of the same
     * architecture, e.g. a pretrained VAE's; null: the architecture's initialisation). The objective's own
     * parameters (an HVAE flow's) start fresh. A resumed checkpoint takes precedence.
     */
    public static TrainingReport run(Engine engine, Mnist data, Architecture arch, Objective objective,
                                     TrainSettings settings, Options options, Path out, Progress progress,
                                     Path initialParameters) throws IOException {
        Files.createDirectories(out);
        Vae vae = arch.build(engine, data.train().meanIntensity(), settings.seed());
        if (initialParameters != null) {
            org.leapfrog.runtime.tensor.optim.ParameterStore.load(initialParameters, vae.parameters());
        }
        VaeTrainer trainer = new VaeTrainer(engine, vae, objective, data, settings);
        Path ckpt = out.resolve("checkpoint");
        if (options.resume() && VaeTrainer.hasCheckpoint(ckpt)) {
            trainer.resume(ckpt);
            progress.phase("resumed after epoch " + trainer.epochsDone());
        }
        progress.phase("training " + objective.name() + " (" + arch.label() + ")");
        trainer.train(ckpt, progress);
        trainer.restoreBest();
        List<org.leapfrog.runtime.tensor.Tensor> params = new ArrayList<>(vae.parameters());
        params.addAll(objective.parameters());
        org.leapfrog.runtime.tensor.optim.ParameterStore.save(out.resolve("model.params.json"), params);
        ImportanceSampling.Nll nll = null;
        if (options.nllImages() >= 0) {
            Images test = options.nllImages() == 0 ? data.test() : data.test().head(options.nllImages());
            progress.phase("test NLL: " + test.count() + " images x " + options.nllSamples() + " samples x "
                    + options.nllRepeats() + " repeats");
            int total = test.count() * options.nllRepeats();
            nll = ImportanceSampling.nll(engine, vae, objective, test, options.nllSamples(), options.nllRepeats(),
                    settings.seed(), options.rowsPerPass(), done -> progress.nllImages(done, total));
        }
        Pictures.reconstructions(engine, vae, data.test(), 10, out.resolve("reconstructions.png"));
        Pictures.priorSamples(engine, vae, 10, settings.seed(), out.resolve("prior-samples.png"));
        Pictures.curves(trainer.history(), objective.name() + " (" + arch.label() + ")", out.resolve("curves.png"));
        TrainingReport report = new TrainingReport(objective.name(), arch.toString(), engine.toString(), settings,
                trainer.epochsDone(), trainer.bestEpoch(), trainer.bestValidationElbo(), trainer.trainSeconds(),
                trainer.examplesPerSecond(), nll, trainer.history());
        report.write(out);
        return report;
    }
}
