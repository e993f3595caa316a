package org.amhub.notifications.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.amhub.notifications.config.RemindersConfig;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Notification;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Asks a hub to review its profile when it has not changed for {@code amhub.reminders.profile-review-after}: a feed
 * item and an email, at most once per such period. The run holds the job's advisory lock ({@link SingletonJobs}), so
 * with several instances it runs on one; each hub is reminded in its own short transaction under a row lock, with
 * {@code profile_reminded_at} written together with the item, so a crash mid-run never reminds a hub twice.
 */
@ApplicationScoped
public class ProfileReviewReminders {

    private static final Logger LOG = Logger.getLogger(ProfileReviewReminders.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.ENGLISH);

    private final RemindersConfig config;
    private final SingletonJobs jobs;
    private final NotificationService notifications;

    public ProfileReviewReminders(RemindersConfig config, SingletonJobs jobs, NotificationService notifications) {
        this.config = config;
        this.jobs = jobs;
        this.notifications = notifications;
    }

    @Scheduled(every = "${amhub.reminders.interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "profile-review-reminders")
    void scheduled() {
        try {
            jobs.runExclusively("profile-review-reminders", this::remindAll);
        } catch (RuntimeException e) {
            LOG.warnf("Profile-review reminders failed, the next run retries: %s", e);
        }
    }

    /** Reminds every hub that is due; returns how many were reminded. */
    public int remindAll() {
        Instant cutoff = cutoff();
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> HubContact.<HubContact>list(
                "profileChangedAt <= ?1 AND (profileRemindedAt IS NULL OR profileRemindedAt <= ?1)", cutoff)
                .stream().map(h -> h.hubId).toList());
        int reminded = 0;
        for (UUID hub : due) {
            if (QuarkusTransaction.requiringNew().call(() -> remind(hub, cutoff))) {
                reminded++;
            }
        }
        return reminded;
    }

    private boolean remind(UUID hubId, Instant cutoff) {
        HubContact hub = HubContact.getEntityManager().find(HubContact.class, hubId, LockModeType.PESSIMISTIC_WRITE);
        if (hub == null || hub.profileChangedAt == null || hub.profileChangedAt.isAfter(cutoff)
                || (hub.profileRemindedAt != null && hub.profileRemindedAt.isAfter(cutoff))) {
            return false; // changed, reminded or deleted meanwhile
        }
        String since = DATE.format(hub.profileChangedAt.atZone(ZoneOffset.UTC));
        notifications.remind(hub, Notification.PROFILE_REVIEW, hub.name + "'s profile has not changed since " + since
                + ": please check that its priorities, capabilities and needs are still current, so that its suggestions stay good");
        hub.profileRemindedAt = Instant.now();
        return true;
    }

    private Instant cutoff() {
        return Instant.now().atZone(ZoneOffset.UTC).minus(config.profileReviewAfter()).toInstant();
    }
}
