package org.amhub.chaos;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.HashMap;
import java.util.Map;

/** A real SMTP server (GreenMail) that can be taken down and brought back; counts mails per Message-ID. */
final class MailReceiver implements AutoCloseable {

    private final int port;
    private GreenMail greenMail;
    /** Message-ID (the delivery id) -> mails received, from servers that were stopped since. */
    private final Map<String, Integer> harvested = new HashMap<>();

    MailReceiver(int port) {
        this.port = port;
        start();
    }

    synchronized void start() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
    }

    /** Takes the server down (connections refused) after keeping what it received. */
    synchronized void stop() {
        if (greenMail != null) {
            Map<String, Integer> before = new HashMap<>();
            count(greenMail, before);
            greenMail.stop();
            Map<String, Integer> after = new HashMap<>();
            try {
                count(greenMail, after); // whatever arrived in the last instant, if the stopped server still tells
            } catch (RuntimeException stopped) {
                // a stopped GreenMail may no longer list its messages
            }
            int total = before.values().stream().mapToInt(Integer::intValue).sum();
            int totalAfter = after.values().stream().mapToInt(Integer::intValue).sum();
            (totalAfter >= total ? after : before).forEach((id, n) -> harvested.merge(id, n, Integer::sum));
            greenMail = null;
        }
    }

    /** Message-ID -> number of mails received so far. */
    synchronized Map<String, Integer> received() {
        Map<String, Integer> all = new HashMap<>(harvested);
        if (greenMail != null) {
            count(greenMail, all);
        }
        return all;
    }

    private static void count(GreenMail server, Map<String, Integer> into) {
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                String id = message.getMessageID();
                String key = id == null ? "?" : id.replaceAll("[<>]", "").replaceAll("@.*$", "");
                into.merge(key, 1, Integer::sum); // one delivery = one recipient, so one mail per delivery id
            } catch (MessagingException e) {
                into.merge("unreadable", 1, Integer::sum);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }
}
