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
 * host that resolves to a loopback, link-local, private, unique-local, shared (CGNAT), multicast or unspecified
 * address. Checked when the subscription is written and again before every call (DNS may change in between).
 */
@ApplicationScoped
public class WebhookUrlPolicy {

    private final boolean allowPrivate;

    @jakarta.inject.Inject
    public WebhookUrlPolicy(NotificationsConfig config) {
        this(config.webhooks().allowPrivateTargets());
    }

    public WebhookUrlPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** @throws RefusedUrlException with the reason, when the URL must not be called */
    public URI check(String url) {
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
        if (allowPrivate) {
            return uri;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isInternal(address)) {
                    throw new RefusedUrlException("the host resolves to an internal address (" + address.getHostAddress() + ")");
                }
            }
        } catch (UnknownHostException e) {
            throw new RefusedUrlException("the host does not resolve");
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
            int first = bytes[0] & 0xff, second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240;
        }
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        return false;
    }

    public static class RefusedUrlException extends RuntimeException {
        public RefusedUrlException(String reason) {
            super(reason);
        }
    }
}
