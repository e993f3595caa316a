package org.amhub.registry;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.amhub.readcache.ReadCache;
import org.amhub.readcache.ReadCacheListener;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TestInfrastructure;
import org.amhub.testsupport.auth.Tokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.amhub.registry.HubRequests.validHub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The read cache in front of GET /api/hubs and /api/hubs/{id}: hits are the bytes an uncached read sends; a write through
 * the API is read at once; a change written by "another instance" (plain SQL, bypassing this service) is read within
 * a bounded wait through PostgreSQL NOTIFY; without its listener the cache is bypassed; the contact email never leaks.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class HubReadCacheTest {

    static final Duration NOTIFIED = Duration.ofSeconds(10);

    @Inject
    ReadCache cache;

    @Inject
    ReadCacheListener listener;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    final String username = TestInfrastructure.shared().username();
    final String password = TestInfrastructure.shared().password();

    @BeforeEach
    void listening() {
        listener.start();
        await().atMost(Duration.ofSeconds(30)).until(cache::listening);
    }

    /** Another instance's write: SQL straight to the database, nothing in this service sees it. */
    void renameBehindTheServicesBack(String id, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE hub SET name = ?, version = version + 1 WHERE id = ?::uuid")) {
            update.setString(1, name);
            update.setString(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /**
     * Reads until one read is answered from the cache (a background commit, such as the outbox relay marking an event
     * sent, moves the generation too, so the read after a miss is not always a hit) and returns that read.
     */
    Response hit(String path, String ifNoneMatch) {
        Response[] read = new Response[1];
        await().atMost(NOTIFIED).until(() -> {
            long hits = cache.hits();
            read[0] = ifNoneMatch == null ? given().get(path) : given().header("If-None-Match", ifNoneMatch).get(path);
            return cache.hits() == hits + 1;
        });
        return read[0];
    }

    static String create(Map<String, Object> hub) {
        return HubResourceTest.create(hub).then().statusCode(201).extract().path("id");
    }

    @Test
    void aSecondReadIsAHitWithTheBytesAndHeadersOfAnUncachedOne() {
        Map<String, Object> hub = validHub();
        hub.remove("contactEmail"); // so the admin's (never cached) answer is the same profile
        String id = create(hub);

        Response first = given().get("/api/hubs/" + id);
        Response second = hit("/api/hubs/" + id, null);
        Response uncached = given().auth().oauth2(Tokens.admin()).get("/api/hubs/" + id);
        for (Response read : new Response[]{first, second}) {
            read.then().statusCode(200).header("ETag", "\"0\"").header("Cache-Control", "private, no-cache")
                    .header("Vary", containsString("Authorization"));
            assertThat(read.asByteArray()).isEqualTo(uncached.asByteArray());
            assertThat(read.contentType()).isEqualTo(uncached.contentType());
        }

        String search = "/api/hubs?q=" + hub.get("slug");
        Response page = given().get(search);
        Response again = hit(search, null);
        Response uncachedPage = given().auth().oauth2(Tokens.admin()).get(search);
        assertThat(again.asByteArray()).isEqualTo(page.asByteArray()).isEqualTo(uncachedPage.asByteArray());
        assertThat(again.header("ETag")).isEqualTo(page.header("ETag")).isEqualTo(uncachedPage.header("ETag"));
        assertThat(again.contentType()).isEqualTo(uncachedPage.contentType());
    }

    @Test
    void aCachedReadStillAnswers304() {
        Map<String, Object> hub = validHub();
        String id = create(hub);
        for (String read : new String[]{"/api/hubs/" + id, "/api/hubs?q=" + hub.get("slug")}) {
            String tag = given().get(read).then().statusCode(200).extract().header("ETag");
            Response notModified = hit(read, tag);
            notModified.then().statusCode(304).header("ETag", tag).header("Cache-Control", "private, no-cache")
                    .header("Vary", containsString("Authorization"));
            assertThat(notModified.asByteArray()).isEmpty();
            given().header("If-None-Match", "\"other\"").get(read).then().statusCode(200).header("ETag", tag);
        }
    }

    @Test
    void anUpdateThroughTheApiIsReadAtOnce() {
        Map<String, Object> hub = validHub();
        String id = create(hub);
        String search = "/api/hubs?q=" + hub.get("slug");
        given().get("/api/hubs/" + id);
        given().get("/api/hubs/" + id).then().body("version", equalTo(0));
        given().get(search);
        given().get(search).then().body("items[0].version", equalTo(0));

        Map<String, Object> changed = new HashMap<>(hub);
        changed.put("name", hub.get("name") + " renamed");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(changed).put("/api/hubs/" + id).then().statusCode(200);

        // no wait: this instance moved the generation when its own transaction committed
        given().get("/api/hubs/" + id).then().statusCode(200).header("ETag", "\"1\"")
                .body("name", equalTo(changed.get("name")));
        given().get(search).then().statusCode(200).body("items[0].name", equalTo(changed.get("name")));

        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"1\"").delete("/api/hubs/" + id).then().statusCode(204);
        given().get("/api/hubs/" + id).then().statusCode(404);
        given().get(search).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void thisInstancesCommitMovesTheGenerationBeforeTheWriterIsAnswered() {
        Map<String, Object> hub = validHub();
        String id = create(hub);
        Map<String, Object> changed = new HashMap<>(hub);
        changed.put("name", hub.get("name") + " renamed");
        listener.stop(); // no notification can move it: only the commit hook
        try {
            long before = cache.generation();
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                    .body(changed).put("/api/hubs/" + id).then().statusCode(200);
            assertThat(cache.generation()).isGreaterThan(before);
        } finally {
            listener.start();
        }
    }

    @Test
    void aChangeByAnotherInstanceIsReadOnceNotified() throws Exception {
        Map<String, Object> hub = validHub();
        String id = create(hub);
        given().get("/api/hubs/" + id);
        given().get("/api/hubs/" + id).then().body("name", equalTo(hub.get("name")));

        renameBehindTheServicesBack(id, "Renamed elsewhere");
        await().atMost(NOTIFIED).untilAsserted(() ->
                given().get("/api/hubs/" + id).then().statusCode(200).header("ETag", "\"1\"").body("name", equalTo("Renamed elsewhere")));
        hit("/api/hubs/" + id, null).then().body("name", equalTo("Renamed elsewhere"));
    }

    @Test
    void withoutItsListenerTheCacheIsBypassedAndNothingFromBeforeIsServedAfter() throws Exception {
        Map<String, Object> hub = validHub();
        String id = create(hub);
        given().get("/api/hubs/" + id);
        given().get("/api/hubs/" + id).then().body("name", equalTo(hub.get("name")));

        listener.stop();
        try {
            assertThat(cache.listening()).isFalse();
            renameBehindTheServicesBack(id, "Renamed while deaf");
            long hits = cache.hits(), bypasses = cache.bypasses();
            given().get("/api/hubs/" + id).then().statusCode(200).body("name", equalTo("Renamed while deaf"));
            given().get("/api/hubs/" + id).then().statusCode(200).body("name", equalTo("Renamed while deaf"));
            assertThat(cache.hits()).isEqualTo(hits);
            assertThat(cache.bypasses()).isEqualTo(bypasses + 2);
            renameBehindTheServicesBack(id, "Renamed again while deaf");
        } finally {
            listener.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(cache::listening);
        given().get("/api/hubs/" + id).then().statusCode(200).body("name", equalTo("Renamed again while deaf"));
        hit("/api/hubs/" + id, null).then().statusCode(200).body("name", equalTo("Renamed again while deaf"));
    }

    @Test
    void aKilledListenerConnectionIsReplacedAndCachingResumes() throws Exception {
        Map<String, Object> hub = validHub();
        String id = create(hub);
        int pid = listener.backendPid();
        assertThat(pid).isPositive();
        try (Connection connection = DriverManager.getConnection(url, username, password)) {
            connection.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cache.listening() && listener.backendPid() != 0 && listener.backendPid() != pid);

        renameBehindTheServicesBack(id, "Renamed after the reconnect");
        await().atMost(NOTIFIED).untilAsserted(() ->
                given().get("/api/hubs/" + id).then().body("name", equalTo("Renamed after the reconnect")));
        hit("/api/hubs/" + id, null).then().body("name", equalTo("Renamed after the reconnect"));
    }

    @Test
    void theContactEmailIsNeverServedToOthersNorHiddenFromItsCoordinator() {
        Map<String, Object> hub = validHub();
        String slug = (String) hub.get("slug"), email = (String) hub.get("contactEmail");
        String id = create(hub);
        String one = "/api/hubs/" + id, search = "/api/hubs?q=" + slug;
        String other = "other-" + UUID.randomUUID().toString().substring(0, 6);
        for (int round = 0; round < 2; round++) { // the second round reads what the first one cached
            given().auth().oauth2(Tokens.admin()).get(one).then().body("contactEmail", equalTo(email));
            given().get(one).then().body("contactEmail", nullValue());
            given().auth().oauth2(Tokens.coordinator(slug)).get(one).then().body("contactEmail", equalTo(email));
            given().auth().oauth2(Tokens.coordinator(other)).get(one).then().body("contactEmail", nullValue());
            given().auth().oauth2(Tokens.noRole()).get(one).then().body("contactEmail", nullValue());
            given().auth().oauth2(Tokens.forged()).get(one).then().body("contactEmail", nullValue());
            given().get(one).then().body("contactEmail", nullValue());

            given().auth().oauth2(Tokens.admin()).get(search).then().body("items[0].contactEmail", equalTo(email));
            given().get(search).then().body("items[0].contactEmail", nullValue());
            given().auth().oauth2(Tokens.coordinator(slug)).get(search).then().body("items[0].contactEmail", equalTo(email));
            given().auth().oauth2(Tokens.coordinator(other)).get(search).then().body("items[0].contactEmail", nullValue());
            given().get(search).then().body("items[0].contactEmail", nullValue());
            given().get("/api/hubs/" + slug).then().body("contactEmail", nullValue());
            given().auth().oauth2(Tokens.coordinator(slug)).get("/api/hubs/" + slug).then().body("contactEmail", equalTo(email));
        }
    }
}
