package org.amhub.matchmaker.scoring;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lean session changes memory use, not meaning: its vectors are the stock model's. */
class LeanMiniLmTest {

    @Test
    void embedsExactlyAsTheStockModel() {
        LeanMiniLm lean = new LeanMiniLm();
        AllMiniLmL6V2QuantizedEmbeddingModel stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String text : List.of("3D printing of aerospace parts", "agri-food supply chains", "AI",
                "Additive manufacturing centre with metal powder bed fusion and a skills academy for technicians")) {
            float[] expected = stock.embed(text).content().vector();
            float[] actual = lean.embed(text).content().vector();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5, "dimension " + i + " of '" + text + "'");
            }
        }
    }
}
