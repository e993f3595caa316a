package org.amhub.matchmaker.scoring;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The same quantized all-MiniLM-L6-v2 model and tokenizer as {@link AllMiniLmL6V2QuantizedEmbeddingModel}, in an ONNX
 * Runtime session set up for a small resident footprint rather than batch throughput: one thread (claims are embedded
 * one at a time, on the caller's thread), no memory arena and no memory-pattern planning (both keep the largest
 * inference's buffers for ever). Measured in docs/benchmarks.md ("Footprint").
 */
final class LeanMiniLm extends AbstractInProcessEmbeddingModel {

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    LeanMiniLm() {
        super(Runnable::run);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (InputStream model = resource(MODEL); InputStream tokenizer = resource(TOKENIZER);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot load the sentence model", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("The sentence model's artifact lacks " + name);
        }
        return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return 384;
    }
}
