package org.amhub.testsupport.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The authorization matrix that every service's {@code AuthorizationMatrixTest} checks, endpoint by endpoint: who
 * calls ({@link Caller}), what the endpoint demands ({@link Rule}) and so which status comes back
 * ({@link #expected(Rule, Caller, int)}). docs/security.md shows the same table.
 */
public final class AuthorizationMatrix {

    private AuthorizationMatrix() {
    }

    /** What an endpoint demands. */
    public enum Rule {
        /** Anyone; credentials are not even looked at (a bad token does not turn a public read into a 401). */
        PUBLIC,
        /** The realm role {@code admin}. */
        ADMIN,
        /** {@code admin}, or {@code hub:<slug>} of the hub the request is about. */
        ADMIN_OR_HUB_COORDINATOR
    }

    /** Who calls. Every invalid token below carries the role {@code admin}, so only its flaw can refuse it. */
    public enum Caller {
        ANONYMOUS,
        ADMIN,
        HUB_COORDINATOR,
        OTHER_HUB_COORDINATOR,
        NO_ROLE,
        FORGED,
        EXPIRED,
        WRONG_ISSUER,
        WRONG_AUDIENCE;

        /**
         * The bearer token this caller sends (none for {@link #ANONYMOUS}).
         *
         * @param hub       the hub the request is about (the one {@link #HUB_COORDINATOR} coordinates)
         * @param otherHub  a hub {@link #OTHER_HUB_COORDINATOR} coordinates
         * @param otherApi  an audience that is a real AMHUB service, but not the one called
         */
        public Optional<String> token(String hub, String otherHub, String otherApi) {
            return Optional.ofNullable(switch (this) {
                case ANONYMOUS -> null;
                case ADMIN -> Tokens.admin();
                case HUB_COORDINATOR -> Tokens.coordinator(hub);
                case OTHER_HUB_COORDINATOR -> Tokens.coordinator(otherHub);
                case NO_ROLE -> Tokens.noRole();
                case FORGED -> Tokens.forged();
                case EXPIRED -> Tokens.expired();
                case WRONG_ISSUER -> Tokens.wrongIssuer();
                case WRONG_AUDIENCE -> Tokens.token("admin", List.of("admin")).audience(List.of(otherApi)).sign();
            });
        }

        public boolean invalidToken() {
            return this == FORGED || this == EXPIRED || this == WRONG_ISSUER || this == WRONG_AUDIENCE;
        }
    }

    /** The status a caller gets from an endpoint that answers {@code success} to whoever it lets in. */
    public static int expected(Rule rule, Caller caller, int success) {
        if (rule == Rule.PUBLIC) {
            return success;
        }
        if (caller == Caller.ANONYMOUS || caller.invalidToken()) {
            return 401;
        }
        return switch (caller) {
            case ADMIN -> success;
            case HUB_COORDINATOR -> rule == Rule.ADMIN_OR_HUB_COORDINATOR ? success : 403;
            default -> 403;
        };
    }

    /** Every caller, for a {@code @MethodSource} to combine with a service's endpoints. */
    public static Stream<Caller> callers() {
        return Arrays.stream(Caller.values());
    }
}
