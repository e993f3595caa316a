package org.amhub.notifications.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.notifications.config.NotificationsConfig;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides whether a subscriber's webhook URL may be called: http(s) only, and, unless configuration allows it, no
 * host that resolves to a loopback, link-local, private, unique-local, shared (CGNAT), benchmarking, documentation,
 * multicast or unspecified address, or to an IPv6 address that embeds an IPv4 one (IPv4-compatible, NAT64, 6to4,
 * Teredo), since those can reach any of the former. Checked when the subscription is written and again before every
 * call (DNS may change in between); the call then connects to the address that was checked (see {@link #target}).
 */
@ApplicationScoped
public class WebhookUrlPolicy {

    /** A URL that passed the policy and the address it was checked at: the one connection to make. */
    public record Target(URI uri, InetAddress address) {
        public int port() {
            return uri.getPort() > 0 ? uri.getPort() : https() ? 443 : 80;
        }

        public boolean https() {
            return uri.getScheme().equalsIgnoreCase("https");
        }

        /** Path and query as sent on the request line. */
        public String requestUri() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** Name resolution, replaceable in tests (a name that resolves differently from one lookup to the next). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    @jakarta.inject.Inject
    public WebhookUrlPolicy(NotificationsConfig config) {
        this(config.webhooks().allowPrivateTargets());
    }

    public WebhookUrlPolicy(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    public WebhookUrlPolicy(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** @throws RefusedUrlException with the reason, when the URL must not be called */
    public URI check(String url) {
        URI uri = parse(url);
        return allowPrivate ? uri : target(url).uri(); // where anything may be called, a name need not resolve yet
    }

    /**
     * Checks the URL and resolves its host once; every address it resolves to must pass. The caller connects to the
     * returned address and no other, so a name that resolves elsewhere by the time of the call (DNS rebinding) cannot
     * lead to an internal address.
     *
     * @throws RefusedUrlException with the reason, when the URL must not be called
     */
    public Target target(String url) {
        URI uri = parse(url);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            if (allowPrivate) {
                throw new java.io.UncheckedIOException(e); // a lookup failure to retry, as any network failure
            }
            throw new RefusedUrlException("the host does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedUrlException("the host does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (isInternal(address)) {
                    throw new RefusedUrlException("the host resolves to an internal address (" + address.getHostAddress() + ")");
                }
            }
        }
        return new Target(uri, addresses[0]);
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new RefusedUrlException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new RefusedUrlException("only http and https URLs are allowed");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            throw new RefusedUrlException("the URL needs a host and must not carry credentials");
        }
        return uri;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff, second = bytes[1] & 0xff, third = bytes[2] & 0xff;
            return first == 0
                    || (first == 100 && second >= 64 && second <= 127)      // 100.64.0.0/10 shared (CGNAT)
                    || (first == 198 && (second == 18 || second == 19))     // 198.18.0.0/15 benchmarking
                    || (first == 192 && second == 0 && (third == 0 || third == 2)) // IETF assignments, documentation
                    || (first == 198 && second == 51 && third == 100)       // documentation
                    || (first == 203 && second == 0 && third == 113)        // documentation
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            int b0 = bytes[0] & 0xff, b1 = bytes[1] & 0xff, b2 = bytes[2] & 0xff, b3 = bytes[3] & 0xff;
            boolean firstTwelveZero = true;
            for (int i = 0; i < 12; i++) {
                firstTwelveZero &= bytes[i] == 0;
            }
            return (b0 & 0xfe) == 0xfc                                       // fc00::/7 unique local
                    || firstTwelveZero                                          // ::a.b.c.d (IPv4-compatible, e.g. ::127.0.0.1)
                    || (b0 == 0x00 && b1 == 0x64 && b2 == 0xff && b3 == 0x9b) // 64:ff9b::/96 and 64:ff9b:1::/48 NAT64
                    || (b0 == 0x20 && b1 == 0x02)                               // 2002::/16 6to4: embeds any IPv4 address
                    || (b0 == 0x20 && b1 == 0x01 && b2 == 0x00 && b3 == 0x00)  // 2001::/32 Teredo: likewise
                    || (b0 == 0x20 && b1 == 0x01 && b2 == 0x0d && b3 == 0xb8); // 2001:db8::/32 documentation
        }
        return false;
    }

    public static class RefusedUrlException extends RuntimeException {
        public RefusedUrlException(String reason) {
            super(reason);
        }
    }
}
