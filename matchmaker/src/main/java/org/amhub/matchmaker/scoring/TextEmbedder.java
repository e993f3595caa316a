package org.amhub.matchmaker.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a claim's text into a unit-length sentence embedding, so two claims can be compared by what they say rather
 * than by the words they share ("3D printing" and "3D printers" are close; "AI" and "augmented reality" are not).
 * The model (all-MiniLM-L6-v2, quantized, 384 dimensions) ships inside a Maven artifact and runs in-process: nothing is
 * downloaded at run time. Vectors are cached by text, since profiles repeat most claims from one version to the next.
 */
public final class TextEmbedder {

    private static final int CACHE_SIZE = 50_000;

    private static final class Shared {
        static final TextEmbedder INSTANCE = new TextEmbedder();
    }

    private final LeanMiniLm model = new LeanMiniLm();
    private final Map<String, float[]> cache = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    private TextEmbedder() {
    }

    /** One model per JVM: it is thread-safe and takes a few seconds and ~100 MB to load. */
    public static TextEmbedder shared() {
        return Shared.INSTANCE;
    }

    public float[] embed(String text) {
        float[] cached = cache.get(text);
        if (cached != null) {
            return cached;
        }
        float[] vector = model.embed(text).content().vector();
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        cache.put(text, vector);
        return vector;
    }

    /** Cosine of two unit vectors. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
