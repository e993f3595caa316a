package org.amhub.console.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileMergeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, String> fields(String name, String region, String needs) {
        Map<String, String> fields = new LinkedHashMap<>();
        ProfileForm.FIELDS.forEach(f -> fields.put(f, ""));
        fields.put("name", name);
        fields.put("region", region);
        fields.put("needs", needs);
        return fields;
    }

    @Test
    void changesToDifferentFieldsAreBothKept() {
        var base = fields("Hub", "Europe", "a | need one");
        var mine = fields("Hub renamed", "Europe", "a | need one");
        var theirs = fields("Hub", "Southern Europe", "a | need one");

        ProfileMerge.Result result = ProfileMerge.merge(base, mine, theirs);

        assertThat(result.clean()).isTrue();
        assertThat(result.fields()).containsEntry("name", "Hub renamed").containsEntry("region", "Southern Europe");
        assertThat(result.theirs()).containsExactly("region");
    }

    @Test
    void bothChangingOneValueIsAConflictThatKeepsMineAndShowsTheirs() {
        var base = fields("Hub", "Europe", "");
        ProfileMerge.Result result = ProfileMerge.merge(base, fields("Mine", "Europe", ""), fields("Theirs", "Europe", ""));

        assertThat(result.clean()).isFalse();
        assertThat(result.fields()).containsEntry("name", "Mine");
        assertThat(result.conflicts()).containsExactly(Map.entry("name", "Theirs"));
    }

    @Test
    void listsMergeLineByLine() {
        var base = fields("Hub", "Europe", "a | one\nb | two");
        var mine = fields("Hub", "Europe", "a | one\nc | three");        // removed two, added three
        var theirs = fields("Hub", "Europe", "a | one\nb | two\nd | four"); // added four

        ProfileMerge.Result result = ProfileMerge.merge(base, mine, theirs);

        assertThat(result.clean()).isTrue();
        assertThat(ProfileForm.lines(result.fields().get("needs"))).containsExactly("a | one", "d | four", "c | three");
    }

    @Test
    void sameChangeOnBothSidesIsNoConflict() {
        var base = fields("Hub", "Europe", "");
        ProfileMerge.Result result = ProfileMerge.merge(base, fields("Same", "Europe", ""), fields("Same ", "Europe", ""));
        assertThat(result.clean()).isTrue();
        assertThat(result.theirs()).isEmpty();
    }

    @Test
    void formRoundTripKeepsUnshownFieldsAndClaimSources() throws Exception {
        ObjectNode profile = (ObjectNode) JSON.readTree("""
                {"id":"3f1c0a8e-0000-0000-0000-000000000001","version":4,"updatedAt":"2026-11-25T08:00:00Z","slug":"x","name":"X","country":"C","region":"R","hostEntities":["Host"],"contactEmail":null,
                 "status":"ACTIVE","programmes":[{"name":"P"}],
                 "needs":[{"topic":"robotics","text":"cobots","evidence":"we need cobots","source":"report"}],
                 "priorities":[],"capabilities":[]}""");
        Map<String, String> fields = ProfileForm.fieldsOf(profile);
        assertThat(fields.get("needs")).isEqualTo("robotics | cobots | we need cobots");

        fields.put("capabilities", "ai | vision systems\nplain text without topic");
        ObjectNode updated = ProfileForm.apply(profile, fields);

        assertThat(updated.path("programmes").get(0).path("name").asText()).isEqualTo("P");
        assertThat(updated.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(updated.path("needs").get(0).path("source").asText()).as("an unchanged claim keeps its source").isEqualTo("report");
        assertThat(updated.path("capabilities").get(0).path("topic").asText()).isEqualTo("ai");
        assertThat(updated.path("capabilities").get(1).has("topic")).isFalse();
        assertThat(updated.path("capabilities").get(1).path("text").asText()).isEqualTo("plain text without topic");
        assertThat(updated.path("contactEmail").isNull()).isTrue();
        assertThat(updated.has("id") || updated.has("version") || updated.has("updatedAt"))
                .as("server-kept fields are not sent back (the registry refuses unknown fields)").isFalse();
    }
}
