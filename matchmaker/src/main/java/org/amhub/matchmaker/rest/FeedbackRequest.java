package org.amhub.matchmaker.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.amhub.matchmaker.repository.MatchFeedback;

/**
 * Feedback of one hub of the pair: ACCEPT keeps and tracks the match, DECLINE never suggests this pair again,
 * NEVER never suggests the other hub to this one (even if it re-registers).
 */
public record FeedbackRequest(@NotBlank String hub, @NotNull MatchFeedback.Action action) {
}
