package org.amhub.notifications.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSecurityTest {

    @Test
    void signatureMatchesTheStandardWebhooksTestVector() {
        assertThat(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void internalTargetsAreRefusedUnlessAllowed() {
        WebhookUrlPolicy strict = new WebhookUrlPolicy(false);
        for (String url : new String[]{"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/",
                "http://192.168.0.10/", "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://[fd00::1]/"}) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(WebhookUrlPolicy.RefusedUrlException.class);
        }
        assertThat(strict.check("https://93.184.216.34/hooks/amhub").getHost()).isEqualTo("93.184.216.34");
        assertThat(new WebhookUrlPolicy(true).check("http://127.0.0.1:8080/hook")).isNotNull();
    }

    @Test
    void addressesThatEmbedOrReachInternalOnesAreRefused() throws Exception {
        for (String internal : List.of("::127.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a00:1", "64:ff9b:1::1", "2002:7f00:1::1",
                "2001:0:4136:e378::1", "198.18.0.1", "198.19.255.254", "100.64.0.1", "fd00::1", "2001:db8::1", "192.0.2.1")) {
            assertThat(WebhookUrlPolicy.isInternal(java.net.InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "198.20.0.1", "8.8.8.8")) {
            assertThat(WebhookUrlPolicy.isInternal(java.net.InetAddress.getByName(external))).as(external).isFalse();
        }
    }

    @Test
    void onlyHttpUrlsWithoutCredentials() {
        WebhookUrlPolicy lenient = new WebhookUrlPolicy(true);
        for (String url : new String[]{"ftp://example.org/", "file:///etc/passwd", "not a url", "http://user:pw@example.org/", "mailto:x@y.z"}) {
            assertThatThrownBy(() -> lenient.check(url)).as(url).isInstanceOf(WebhookUrlPolicy.RefusedUrlException.class);
        }
    }
}
