package org.amhub.notifications.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.amhub.notifications.SmtpServerResource;
import org.amhub.notifications.config.NotificationsConfig;
import org.amhub.testsupport.RealInfrastructureResource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DNS rebinding: the sender resolves a webhook's host once, checks that address, and connects to it. A host name that
 * exists nowhere but in this test's resolver still reaches the receiver, which proves no second lookup happens, and the
 * receiver sees the URL's own host name.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(SmtpServerResource.class)
class WebhookRebindingTest {

    @Inject
    NotificationsConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry metrics;
    @Inject
    Vertx vertx;

    @Test
    void theCallGoesToTheAddressThatWasCheckedNotToASecondLookup() throws Exception {
        List<String> hosts = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        AtomicInteger lookups = new AtomicInteger();
        // First answer: loopback (allowed in this test); any later answer would be an address nobody listens on.
        WebhookUrlPolicy.Resolver rebinding = host -> {
            if (!host.equals("hooks.rebind.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {lookups.getAndIncrement() == 0 ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByAddress(new byte[] {10, (byte) 255, (byte) 255, 1})};
        };
        try {
            WebhookSender sender = new WebhookSender(config, new WebhookUrlPolicy(true, rebinding), mapper, metrics, vertx);
            int port = receiver.getAddress().getPort();

            sender.send("http://hooks.rebind.test:" + port + "/hook", "whsec_" + "A".repeat(44), "delivery-1", Map.of("a", 1));

            assertThat(lookups).hasValue(1);
            assertThat(hosts).containsExactly("hooks.rebind.test:" + port);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aNameThatResolvesToAnyInternalAddressIsRefusedBeforeAnyConnection() {
        WebhookUrlPolicy strict = new WebhookUrlPolicy(false, host -> new InetAddress[] {
                InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14}), InetAddress.getLoopbackAddress()});
        assertThatThrownBy(() -> strict.target("https://hooks.example.org/x"))
                .isInstanceOf(WebhookUrlPolicy.RefusedUrlException.class)
                .hasMessageContaining("internal address");
    }
}
