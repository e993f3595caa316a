package org.amhub.matchmaker.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.amhub.matchmaker.scoring.ScoringModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation harness and the benchmark use {@link ScoringModel#defaults()}; the service uses its configuration.
 * Both must describe the same model, or the evaluation would judge a model the service does not run.
 */
class MatchmakerConfigTest {

    @Test
    void theShippedConfigurationIsTheModelTheEvaluationJudges() throws IOException {
        URL shipped = getClass().getClassLoader().getResource("application.properties");
        assertThat(shipped).isNotNull();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(shipped))
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus's "1s" form
                .withMapping(MatchmakerConfig.class)
                .build();
        assertThat(config.getConfigMapping(MatchmakerConfig.class).toModel()).isEqualTo(ScoringModel.defaults());
    }

    @Test
    void theMappingsDefaultsAreTheModelsDefaults() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus's "1s" form
                .withMapping(MatchmakerConfig.class)
                .build();
        assertThat(config.getConfigMapping(MatchmakerConfig.class).toModel()).isEqualTo(ScoringModel.defaults());
    }
}
