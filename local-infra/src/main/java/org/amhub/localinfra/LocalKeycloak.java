package org.amhub.localinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}) run as a child process on loopback, with the realm
 * {@code amhub} imported from {@code keycloak/amhub-realm.json} (this module's resources) on first start.
 * <p>
 * The distribution zip is resolved by Maven (a {@code provided} dependency of this module) and read from the local
 * Maven repository; it is unzipped once under an install directory. Keycloak's own data (its dev H2 database) lives
 * in a separate data directory, linked as the distribution's {@code data/}, so it survives restarts and a fresh
 * unzip, and a reset of the data directory starts Keycloak empty (the realm is imported again).
 * <p>
 * Users' passwords are not in the realm file: it holds placeholders ({@code ${AMHUB_KC_PASSWORD_ADMIN}},
 * {@code ${AMHUB_KC_PASSWORD_<SLUG>}}) that Keycloak fills from the environment given here at import.
 */
public final class LocalKeycloak implements AutoCloseable {

    public static final String VERSION = "26.4.7";
    public static final String REALM = "amhub";
    public static final String REALM_RESOURCE = "keycloak/amhub-realm.json";
    /** The public client that may use the password grant (local use: curl, tests). */
    public static final String CLI_CLIENT = "amhub-cli";
    /** The web console's confidential client; its secret is given at the first import through this variable. */
    public static final String CONSOLE_CLIENT = "console";
    public static final String CONSOLE_SECRET_VARIABLE = "AMHUB_KC_CONSOLE_SECRET";
    /** The console's base URL, for the client's allowed redirect (default http://localhost:8080). */
    public static final String CONSOLE_URL_VARIABLE = "AMHUB_CONSOLE_URL";

    private final Path home;
    private final Path dataDir;
    private final int port;
    private final Process process;

    private LocalKeycloak(Path home, Path dataDir, int port, Process process) {
        this.home = home;
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
    }

    /**
     * Unzips the distribution under {@code installRoot} unless already there, starts it on {@code port} with its data
     * in {@code dataDir}, and waits (up to {@code timeout}) until the realm's discovery document answers.
     *
     * @param environment passwords for the realm's placeholders and {@code KC_BOOTSTRAP_ADMIN_*} for the master realm
     */
    public static LocalKeycloak start(Path installRoot, Path dataDir, int port, Map<String, String> environment,
                                      Duration timeout) throws IOException, InterruptedException {
        Path home = install(installRoot.toAbsolutePath());
        dataDir = dataDir.toAbsolutePath();
        Files.createDirectories(dataDir);
        linkData(home, dataDir);
        Path importDir = Files.createDirectories(dataDir.resolve("import"));
        try (InputStream realm = LocalKeycloak.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException("Missing resource " + REALM_RESOURCE);
            }
            Files.copy(realm, importDir.resolve("amhub-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path pidFile = dataDir.resolve("keycloak.pid");
        stopOrphan(pidFile);
        int httpPort = port == 0 ? LocalKafka.freePort() : port;
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--hostname=http://localhost:" + httpPort,
                "--import-realm", "--log-level=warn", "--cache=local"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("keycloak.log").toFile()));
        Map<String, String> env = builder.environment();
        env.putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(environment);
        Process process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        LocalKeycloak keycloak = new LocalKeycloak(home, dataDir, httpPort, process);
        try {
            keycloak.awaitReady(timeout);
        } catch (RuntimeException | InterruptedException e) {
            keycloak.close();
            throw e;
        }
        return keycloak;
    }

    /**
     * The distribution zip: {@code amhub.keycloak.zip} / {@code AMHUB_KEYCLOAK_ZIP}, else from the local Maven repository
     * ({@code amhub.maven.repo.local}, which the build passes to tests, or {@code maven.repo.local}, or ~/.m2/repository).
     */
    public static Path distributionZip() {
        String configured = Optional.ofNullable(System.getProperty("amhub.keycloak.zip")).orElse(System.getenv("AMHUB_KEYCLOAK_ZIP"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String repo = Optional.ofNullable(System.getProperty("amhub.maven.repo.local"))
                .or(() -> Optional.ofNullable(System.getProperty("maven.repo.local")))
                .orElse(Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return Path.of(repo, "org", "keycloak", "keycloak-quarkus-dist", VERSION, "keycloak-quarkus-dist-" + VERSION + ".zip");
    }

    /** Unzips the distribution once; returns its home directory. */
    public static synchronized Path install(Path root) throws IOException {
        Path installRoot = root.toAbsolutePath().normalize();
        Path home = installRoot.resolve("keycloak-" + VERSION);
        Path marker = home.resolve(".amhub-installed");
        if (Files.isRegularFile(marker)) {
            return home;
        }
        Path zip = distributionZip();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + "; build the project once (mvn -DskipTests package) so that Maven resolves it");
        }
        Files.createDirectories(installRoot);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = installRoot.resolve(entry.getName()).normalize();
                if (!target.startsWith(installRoot)) {
                    throw new IOException("Zip entry outside the install directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (var scripts = Files.list(home.resolve("bin"))) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.writeString(marker, VERSION);
        return home;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The issuer of the realm's tokens, and the {@code quarkus.oidc.auth-server-url} of the services. */
    public String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String tokenUrl() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path home() {
        return home;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** Resident set size of the Keycloak JVM in kB (Linux), or -1. */
    public long residentKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** A token for {@code username} from the password grant of {@link #CLI_CLIENT}: the raw JSON answer. */
    public String passwordGrant(String username, String password) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=" + CLI_CLIENT + "&username=" + encode(username) + "&password=" + encode(password);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tokenUrl()))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Password grant for " + username + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The access token alone from {@link #passwordGrant}. */
    public String accessToken(String username, String password) throws IOException, InterruptedException {
        String json = passwordGrant(username, password);
        int key = json.indexOf("\"access_token\"");
        int start = json.indexOf('"', json.indexOf(':', key) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(dataDir.resolve("keycloak.pid"));
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The environment variable that holds a realm user's password: {@code AMHUB_KC_PASSWORD_<NAME>}. */
    public static String passwordVariable(String slugOrAdmin) {
        return "AMHUB_KC_PASSWORD_" + slugOrAdmin.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The realm user names with their password variables: {@code admin} and {@code <slug>-coordinator} per seed hub. */
    public static Map<String, String> realmUsers(List<String> slugs) {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("admin", passwordVariable("admin"));
        slugs.forEach(slug -> users.put(slug + "-coordinator", passwordVariable(slug)));
        return users;
    }

    /** The hub slugs that the realm file has a role {@code hub:<slug>} for (the seed hubs). */
    public static List<String> realmHubSlugs() {
        try (InputStream realm = LocalKeycloak.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException("Missing resource " + REALM_RESOURCE);
            }
            String json = new String(realm.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"hub:([a-z0-9-]+)\"").matcher(json).results()
                    .map(match -> match.group(1)).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(realmUrl() + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + dataDir.resolve("keycloak.log"));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Keycloak was not ready within " + timeout.toSeconds() + " s; see " + dataDir.resolve("keycloak.log"));
    }

    /** Points the distribution's {@code data/} at the data directory (the dev H2 database and the import files). */
    private static void linkData(Path home, Path dataDir) throws IOException {
        Path data = home.resolve("data");
        if (Files.isSymbolicLink(data)) {
            if (Files.readSymbolicLink(data).equals(dataDir.toAbsolutePath())) {
                return;
            }
            Files.delete(data);
        } else if (Files.exists(data)) {
            DataDirectories.delete(data);
        }
        Files.createSymbolicLink(data, dataDir.toAbsolutePath());
    }

    /** A Keycloak left running by a killed launcher holds the port and the H2 file: stop it first. */
    private static void stopOrphan(Path pidFile) {
        OrphanProcesses.stop(pidFile, "keycloak", Duration.ofSeconds(30));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
