package org.amhub.matchmaker.scoring;

import org.amhub.matchmaker.scoring.FundingBlocs.Bloc;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FundingBlocsTest {

    static final FundingBlocs NORDIC = new FundingBlocs(List.of(
            new Bloc("Nordic Fund", List.of("NordForsk", "Nordic Innovation"), List.of("Norway", "Sweden", "Iceland")),
            new Bloc("Arctic Council", List.of("Arctic Grants"), List.of("Norway", "Canada")),
            new Bloc("Trade Zone", List.of(), List.of("Sweden", "Chile"))),
            Map.of("Kingdom of Norway", "Norway", "Island", "ICELAND"));

    @Test
    void aCountryBelongsToEveryBlocWithProgrammesThatListsIt() {
        assertThat(NORDIC.fundingBlocsOf("Norway")).containsExactly("Nordic Fund", "Arctic Council");
        assertThat(NORDIC.fundingBlocsOf("Canada")).containsExactly("Arctic Council");
    }

    @Test
    void aBlocWithoutJointProgrammesIsNotAFundingBloc() {
        assertThat(NORDIC.fundingBlocsOf("Chile")).isEmpty();
        assertThat(NORDIC.fundingBlocsOf("Sweden")).containsExactly("Nordic Fund");
    }

    @Test
    void aHubInNoFundingBlocIsNeutral() {
        assertThat(NORDIC.fundingBlocsOf("Japan")).isEmpty();
        assertThat(NORDIC.fundingBlocsOf(null)).isEmpty();
        assertThat(NORDIC.fundingBlocsOf("  ")).isEmpty();
        assertThat(FundingBlocs.none().fundingBlocsOf("Norway")).isEmpty();
    }

    @Test
    void countriesAndAliasesAreMatchedIgnoringCaseAndSurroundingSpaces() {
        assertThat(NORDIC.fundingBlocsOf("  sWEDEN ")).containsExactly("Nordic Fund");
        assertThat(NORDIC.fundingBlocsOf("kingdom of norway")).containsExactly("Nordic Fund", "Arctic Council");
        assertThat(NORDIC.fundingBlocsOf(" ISLAND")).containsExactly("Nordic Fund");
    }

    @Test
    void programmesAreThoseOfTheNamedBlocAndNoneForAnUnknownOne() {
        assertThat(NORDIC.programmes("Nordic Fund")).containsExactly("NordForsk", "Nordic Innovation");
        assertThat(NORDIC.programmes("Trade Zone")).isEmpty();
        assertThat(NORDIC.programmes("Atlantis")).isEmpty();
    }

    @Test
    void theBundledFileKnowsTheEuropeanUnionAndItsAliases() {
        FundingBlocs bundled = FundingBlocs.bundled();
        assertThat(bundled.fundingBlocsOf("Czech Republic")).containsExactly("European Union");
        assertThat(bundled.fundingBlocsOf("Viet Nam")).containsExactly("ASEAN");
        assertThat(bundled.programmes("European Union")).contains("Horizon Europe");
        // The Gulf Cooperation Council and USMCA have no joint programmes.
        assertThat(bundled.fundingBlocsOf("UAE")).isEmpty();
        assertThat(bundled.fundingBlocsOf("USA")).isEmpty();
    }

    @Test
    void aDeploymentFileMayOmitProgrammesAndCarryCommentsAndUnknownFields() throws IOException {
        String json = """
                {"_comment": "local file", "blocs": [
                  {"name": "Open Bloc", "programmes": ["Open Call"], "countries": ["Ruritania"], "since": 1990},
                  {"name": "Paper Bloc", "countries": ["Ruritania"]}],
                 "aliases": {"Ruritanian Republic": "Ruritania"}}
                """;
        FundingBlocs blocs = FundingBlocs.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(blocs.fundingBlocsOf("Ruritanian Republic")).containsExactly("Open Bloc");
        assertThat(blocs.programmes("Paper Bloc")).isEmpty();
    }

    @Test
    void missingListsReadAsEmpty() {
        FundingBlocs empty = new FundingBlocs(null, null);
        assertThat(empty.blocs()).isEmpty();
        assertThat(empty.aliases()).isEmpty();
        Bloc bare = new Bloc("Bare", null, null);
        assertThat(bare.programmes()).isEmpty();
        assertThat(bare.countries()).isEmpty();
    }
}
