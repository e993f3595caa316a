package org.amhub.notifications.service;

import java.util.Map;

/**
 * What an alert other than a suggestion says (a partnership change, a profile-review reminder), on every channel.
 *
 * @param kind    the feed item's kind ({@code partnership}, {@code profile-review})
 * @param subject the email subject
 * @param text    the item in words, as the feed shows it
 * @param link    the console's hub page
 * @param payload the event as received, for webhooks (null for reminders)
 */
public record Notice(String kind, String hubName, String subject, String text, String link, Map<String, Object> payload) {
}
