package org.amhub.notifications.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.notifications.service.Alert;

import java.util.List;

/** Renders alerts with Qute (HTML and text bodies) and sends them over SMTP. */
@ApplicationScoped
public class EmailSender {

    private final Mailer mailer;
    private final Template suggestionHtml;
    private final Template suggestionText;
    private final Template digestHtml;
    private final Template digestText;

    public EmailSender(Mailer mailer,
                       @Location("suggestion.html") Template suggestionHtml, @Location("suggestion.txt") Template suggestionText,
                       @Location("digest.html") Template digestHtml, @Location("digest.txt") Template digestText) {
        this.mailer = mailer;
        this.suggestionHtml = suggestionHtml;
        this.suggestionText = suggestionText;
        this.digestHtml = digestHtml;
        this.digestText = digestText;
    }

    /** {@code deliveryId} becomes the Message-ID, so a resend after a crash is recognisable as the same message. */
    public void sendSuggestion(String to, String deliveryId, Alert alert) {
        Mail mail = Mail.withHtml(to, "New partnership suggestion: " + alert.hubName() + " and " + alert.partnerName(),
                        suggestionHtml.data("alert", alert).render())
                .setText(suggestionText.data("alert", alert).render())
                .addHeader("Message-ID", "<" + deliveryId + "@amhub-notifications>");
        mailer.send(mail);
    }

    public void sendDigest(String to, String digestId, String hubName, List<Alert> alerts, String dashboardUrl) {
        Mail mail = Mail.withHtml(to, "Your daily AMHUB digest: " + alerts.size() + " partnership suggestion" + (alerts.size() == 1 ? "" : "s"),
                        digestHtml.data("hubName", hubName).data("alerts", alerts).data("dashboardUrl", dashboardUrl).render())
                .setText(digestText.data("hubName", hubName).data("alerts", alerts).data("dashboardUrl", dashboardUrl).render())
                .addHeader("Message-ID", "<" + digestId + "@amhub-notifications>");
        mailer.send(mail);
    }
}
