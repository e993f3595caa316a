package org.amhub.console;

import org.amhub.launcher.Launcher;
import org.amhub.launcher.SystemRunner;
import org.amhub.launcher.SystemRunner.Service;
import org.amhub.localinfra.LocalKafka;
import org.amhub.localinfra.LocalKeycloak;
import org.amhub.testsupport.auth.KeycloakResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console as coordinators use it, in a real browser against the whole system: PostgreSQL, Kafka, Keycloak and the
 * four packaged services on free ports, driven by Selenium through Debian's chromium and chromium-driver. Ulsan's
 * coordinator signs in, sees Michigan with the evidence behind the suggestion and accepts; Michigan's coordinator,
 * signed in elsewhere with the hub page open, accepts too, and the partnership appears in Michigan's feed live.
 * Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(90);

    static SystemRunner system;
    static LocalKeycloak keycloak;
    static Service console;
    static Service matchmaker;
    static final List<WebDriver> browsers = new ArrayList<>();
    static final Map<String, Service> servicesByModule = new HashMap<>();
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @BeforeAll
    static void startSystem() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed");
        Path root = Path.of(System.getProperty("amhub.root", "..")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(Path.of("target/it").toAbsolutePath());
        SystemRunner.resetData(work.resolve("data"));
        system = new SystemRunner(root, work.resolve("data"), work.resolve("run"));
        system.startInfrastructure(0, 0);

        Map<String, Service> services = new HashMap<>();
        for (Service service : SystemRunner.SERVICES) {
            services.put(service.module(), service.onPort(LocalKafka.freePort()));
        }
        servicesByModule.putAll(services);
        console = services.get("console");
        matchmaker = services.get("matchmaker");

        Map<String, String> identity = new HashMap<>();
        LocalKeycloak.realmUsers(LocalKeycloak.realmHubSlugs()).forEach((user, variable) -> identity.put(variable, KeycloakResource.password(user)));
        identity.put(LocalKeycloak.CONSOLE_SECRET_VARIABLE, KeycloakResource.CONSOLE_SECRET);
        identity.put(LocalKeycloak.CONSOLE_URL_VARIABLE, console.baseUrl());
        // Under the data directory, reset above: the realm (with this run's console URL) is imported afresh.
        keycloak = LocalKeycloak.start(root.resolve("target/keycloak"), work.resolve("data/keycloak"), 0, identity,
                KeycloakResource.START_TIMEOUT);

        for (Service backend : SystemRunner.BACKEND) {
            Service service = services.get(backend.module());
            Map<String, String> config = system.baseConfig(service);
            config.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
            config.put("quarkus.mailer.mock", "true");
            config.put("amhub.console.url", console.baseUrl());
            // test-only keys (the launcher generates real ones per install)
            config.put("amhub.webhooks.secret-key", java.util.Base64.getEncoder().encodeToString(new byte[32]));
            config.put("amhub.unsubscribe.key", "test-only-unsubscribe-key");
            system.configure(service, config);
            system.startService(service);
        }
        for (Service backend : SystemRunner.BACKEND) {
            system.awaitReady(services.get(backend.module()), Duration.ofSeconds(240));
        }
        Map<String, String> consoleConfig = system.baseConfig(console);
        consoleConfig.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
        consoleConfig.put("quarkus.oidc.credentials.secret", KeycloakResource.CONSOLE_SECRET);
        consoleConfig.put("amhub.console.oidc-origin", keycloak.baseUrl());
        for (Service backend : SystemRunner.BACKEND) {
            consoleConfig.put("quarkus.rest-client." + backend.module() + ".url", services.get(backend.module()).baseUrl());
        }
        system.configure(console, consoleConfig);
        system.startService(console);
        system.awaitReady(console, Duration.ofSeconds(120));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopSystem() {
        browsers.forEach(WebDriver::quit);
        if (system != null) {
            system.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    @Order(1)
    void coordinatorsAcceptASuggestionAndFollowThePartnershipLive() throws Exception {
        WebDriver ulsan = signIn("ulsan-coordinator");
        // A coordinator lands on their own hub's page.
        assertThat(ulsan.getCurrentUrl()).endsWith("/hubs/ulsan");
        WebElement michigan = waitFor(ulsan, By.xpath("//article[contains(@class,'suggestion')][.//h3/a[@href='/hubs/michigan']]"));
        assertThat(michigan.findElements(By.cssSelector("blockquote.evidence"))).as("evidence quotes behind the reasons").isNotEmpty();
        assertThat(michigan.findElements(By.cssSelector("blockquote.evidence cite"))).as("each quote names its source").isNotEmpty();
        assertThat(michigan.findElements(By.cssSelector("dl.factors meter"))).as("factor bars").isNotEmpty();
        screenshot(ulsan, "1-ulsan-hub-page");

        michigan.findElement(By.cssSelector("button[value='accept']")).click();
        waitFor(ulsan, By.cssSelector("p.notice"));
        assertThat(ulsan.findElement(By.cssSelector("p.notice")).getText()).contains("Accepted");
        WebElement answered = waitFor(ulsan, By.xpath("//article[contains(@class,'suggestion')][.//h3/a[@href='/hubs/michigan']]"));
        assertThat(answered.getText()).contains("You: accept");

        // Michigan's coordinator has the hub page open; the feed is live before they accept.
        WebDriver michiganBrowser = signIn("michigan-coordinator");
        assertThat(michiganBrowser.getCurrentUrl()).endsWith("/hubs/michigan");
        new WebDriverWait(michiganBrowser, WAIT).until(ExpectedConditions.textToBe(By.cssSelector("#feed .live"), "live"));
        int feedBefore = michiganBrowser.findElements(By.cssSelector("#feed-items li")).size();

        // Michigan accepts through the API (as another client of the same account would), and the page is not reloaded.
        String token = keycloak.accessToken("michigan-coordinator", KeycloakResource.password("michigan-coordinator"));
        String matchId = answered.getAttribute("aria-labelledby").substring(2);
        HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(matchmaker.baseUrl() + "/api/matches/" + matchId + "/feedback"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hub\":\"michigan\",\"action\":\"ACCEPT\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

        new WebDriverWait(michiganBrowser, WAIT).until(driver ->
                driver.findElements(By.cssSelector("#feed-items li.fresh")).stream().anyMatch(li -> li.getText().contains("Ulsan")));
        assertThat(michiganBrowser.findElements(By.cssSelector("#feed-items li")).size()).isGreaterThan(feedBefore);
        scrollTo(michiganBrowser, By.id("feed"));
        screenshot(michiganBrowser, "2-michigan-feed-live");

        // Back on Ulsan's page: the partnership is open, at its first stage.
        new WebDriverWait(ulsan, WAIT).until(driver -> {
            driver.navigate().refresh();
            return driver.findElements(By.cssSelector("#partnerships article.partnership")).stream()
                    .anyMatch(p -> p.getText().contains("Michigan") && p.getText().contains("Introduced"));
        });
        scrollTo(ulsan, By.id("partnerships"));
        screenshot(ulsan, "3-ulsan-partnership");

        ulsan.get(console.baseUrl() + "/network");
        waitFor(ulsan, By.cssSelector("figure.graph svg"));
        assertThat(ulsan.findElements(By.cssSelector("line.edge.partnership"))).isNotEmpty();
        screenshot(ulsan, "4-network");
    }

    @Test
    @Order(2)
    void anotherHubsCoordinatorSeesOnlyWhatIsPublicAndCannotActForIt() throws Exception {
        WebDriver ulsan = signIn("ulsan-coordinator");
        ulsan.get(console.baseUrl() + "/hubs/michigan");
        waitFor(ulsan, By.id("suggestions"));
        assertThat(ulsan.findElements(By.id("feed"))).as("another hub's feed").isEmpty();
        assertThat(ulsan.findElements(By.id("subscriptions"))).isEmpty();
        assertThat(ulsan.findElements(By.cssSelector("button[value='accept']"))).isEmpty();
        assertThat(ulsan.getPageSource()).doesNotContain("@"); // no contact email or subscriber address

        // Posting anyway, with a valid session and CSRF token: refused by the console (and by the service behind it).
        String cookies = ulsan.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .reduce((a, b) -> a + "; " + b).orElseThrow();
        String csrf = ulsan.findElement(By.cssSelector("meta[name='csrf-token']")).getAttribute("content");
        HttpResponse<String> forged = post("/hubs/michigan/subscriptions", cookies,
                "csrf-token=" + csrf + "&emails=attacker%40example.org");
        assertThat(forged.statusCode()).isEqualTo(403);
        // Without the CSRF token, even on the user's own hub: refused.
        HttpResponse<String> noToken = post("/hubs/ulsan/subscriptions", cookies, "emails=attacker%40example.org");
        assertThat(noToken.statusCode()).isEqualTo(400);
        // Pages carry a strict Content-Security-Policy.
        assertThat(forged.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
    }

    @Test
    @Order(3)
    void aServiceThatIsDownShowsAMessageAndTheRestOfThePageStillWorks() throws Exception {
        system.stopService(servicesByModule.get("notifications"));
        WebDriver ulsan = signIn("ulsan-coordinator");
        WebElement feed = waitFor(ulsan, By.cssSelector("#feed p.error"));
        assertThat(feed.getText()).contains("not answering");
        assertThat(ulsan.findElements(By.cssSelector("article.suggestion"))).isNotEmpty();
        screenshot(ulsan, "5-service-down");

        // At phone width the page stays readable (one column, no sideways scrolling).
        ulsan.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        ulsan.navigate().refresh();
        waitFor(ulsan, By.id("suggestions"));
        Object scrollWidth = ((org.openqa.selenium.JavascriptExecutor) ulsan).executeScript("return document.documentElement.scrollWidth");
        assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(400);
        screenshot(ulsan, "6-phone");
    }

    @Test
    @Order(4)
    void aProfileEditMeetingAChangeSavedMeanwhileIsMergedNotLost() throws Exception {
        WebDriver ulsan = signIn("ulsan-coordinator");
        ulsan.get(console.baseUrl() + "/hubs/ulsan/edit");
        WebElement name = waitFor(ulsan, By.id("f-name"));

        // While the form is open, an admin changes the region through the registry's API.
        String token = keycloak.accessToken("admin", KeycloakResource.password("admin"));
        String hub = servicesByModule.get("hub-registry").baseUrl() + "/api/hubs/ulsan";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> current = http.send(HttpRequest.newBuilder(URI.create(hub))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode profile = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(current.body());
        profile.retain(org.amhub.console.service.ProfileForm.REQUEST_FIELDS);
        profile.put("region", "East Asia");
        String changed = json.writeValueAsString(profile);
        HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create(hub))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("If-Match", current.headers().firstValue("ETag").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString(changed)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        // The coordinator, who never saw that change, renames the hub and saves.
        name.clear();
        name.sendKeys("Ulsan Metropolitan City");
        ulsan.findElement(By.cssSelector("form.edit button.primary")).click();

        // Either the notice or an error: the assertion then quotes what the page said.
        new WebDriverWait(ulsan, WAIT).until(d -> !d.findElements(By.cssSelector("p.notice, p.error, .error-page")).isEmpty());
        assertThat(ulsan.findElement(By.id("main")).getText()).contains("merged with a change someone else made");
        assertThat(ulsan.findElement(By.id("profile-h")).getText()).isEqualTo("Ulsan Metropolitan City");
        assertThat(ulsan.findElement(By.cssSelector(".profile .muted")).getText()).contains("East Asia");
        screenshot(ulsan, "7-merged-edit");
    }

    private static HttpResponse<String> post(String path, String cookies, String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.baseUrl() + path))
                .header("Cookie", cookies).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static WebDriver signIn(String user) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1800",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        driver.get(console.baseUrl() + "/");
        waitFor(driver, By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(KeycloakResource.password(user));
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().startsWith(console.baseUrl()));
        waitFor(driver, By.id("main"));
        return driver;
    }

    private static WebElement waitFor(WebDriver driver, By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void scrollTo(WebDriver driver, By by) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", driver.findElement(by));
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
