package org.amhub.notifications.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.notifications.service.Alert;
import org.amhub.notifications.service.Notice;

import java.util.List;

/**
 * Renders alerts with Qute (HTML and text bodies) and sends them over SMTP. Every mail carries a one-click unsubscribe
 * link for its subscription (RFC 8058: {@code List-Unsubscribe} with {@code List-Unsubscribe-Post}).
 */
@ApplicationScoped
public class EmailSender {

    private final Mailer mailer;
    private final Template suggestionHtml;
    private final Template suggestionText;
    private final Template digestHtml;
    private final Template digestText;
    private final Template noticeHtml;
    private final Template noticeText;

    public EmailSender(Mailer mailer,
                       @Location("suggestion.html") Template suggestionHtml, @Location("suggestion.txt") Template suggestionText,
                       @Location("digest.html") Template digestHtml, @Location("digest.txt") Template digestText,
                       @Location("notice.html") Template noticeHtml, @Location("notice.txt") Template noticeText) {
        this.mailer = mailer;
        this.suggestionHtml = suggestionHtml;
        this.suggestionText = suggestionText;
        this.digestHtml = digestHtml;
        this.digestText = digestText;
        this.noticeHtml = noticeHtml;
        this.noticeText = noticeText;
    }

    /** {@code deliveryId} becomes the Message-ID, so a resend after a crash is recognisable as the same message. */
    public void sendSuggestion(String to, String deliveryId, Alert alert, String unsubscribeUrl) {
        Mail mail = Mail.withHtml(to, "New partnership suggestion: " + alert.hubName() + " and " + alert.partnerName(),
                        suggestionHtml.data("alert", alert).data("unsubscribeUrl", unsubscribeUrl).render())
                .setText(suggestionText.data("alert", alert).data("unsubscribeUrl", unsubscribeUrl).render());
        send(mail, deliveryId, unsubscribeUrl);
    }

    public void sendDigest(String to, String digestId, String hubName, List<Alert> alerts, String link, String unsubscribeUrl) {
        Mail mail = Mail.withHtml(to, "Your daily AMHUB digest: " + alerts.size() + " partnership suggestion" + (alerts.size() == 1 ? "" : "s"),
                        digestHtml.data("hubName", hubName).data("alerts", alerts).data("dashboardUrl", link)
                                .data("unsubscribeUrl", unsubscribeUrl).render())
                .setText(digestText.data("hubName", hubName).data("alerts", alerts).data("dashboardUrl", link)
                        .data("unsubscribeUrl", unsubscribeUrl).render());
        send(mail, digestId, unsubscribeUrl);
    }

    /** A partnership change or a profile-review reminder. */
    public void sendNotice(String to, String deliveryId, Notice notice, String unsubscribeUrl) {
        Mail mail = Mail.withHtml(to, notice.subject(), noticeHtml.data("notice", notice).data("unsubscribeUrl", unsubscribeUrl).render())
                .setText(noticeText.data("notice", notice).data("unsubscribeUrl", unsubscribeUrl).render());
        send(mail, deliveryId, unsubscribeUrl);
    }

    private void send(Mail mail, String id, String unsubscribeUrl) {
        mail.addHeader("Message-ID", "<" + id + "@amhub-notifications>");
        if (unsubscribeUrl != null) {
            mail.addHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
            mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mailer.send(mail);
    }
}
