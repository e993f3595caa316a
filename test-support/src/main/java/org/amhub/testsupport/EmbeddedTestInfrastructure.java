package org.amhub.testsupport;

import org.amhub.localinfra.EmbeddedInfrastructure;

/** The in-process broker and embedded PostgreSQL of {@code local-infra}, as the tests' default infrastructure. */
final class EmbeddedTestInfrastructure extends EmbeddedInfrastructure implements TestInfrastructure {
}
