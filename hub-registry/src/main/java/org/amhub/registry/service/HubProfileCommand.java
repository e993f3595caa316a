package org.amhub.registry.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.amhub.events.hub.HubStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * The command to create or replace a hub profile, validated where it enters (the REST API or the seed file). Topics
 * may be given by id, label or synonym. Its API name stays {@code HubProfileRequest}.
 */
@Schema(name = "HubProfileRequest")
public record HubProfileCommand(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be lower-case words joined by hyphens")
        String slug,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String country,
        @NotBlank @Size(max = 100) String region,
        @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 300) String> hostEntities,
        @Email @Size(max = 254) String contactEmail,
        @PositiveOrZero Long population,
        @Size(max = 10) List<@NotBlank @Size(max = 120) String> topIndustries,
        @DecimalMin("0") @DecimalMax("100") BigDecimal workforceInManufacturingPct,
        @DecimalMin("0") @DecimalMax("100") BigDecimal manufacturingShareOfGdpPct,
        @NotNull HubStatus status,
        @Size(max = 50) List<@NotNull @Valid Claim> priorities,
        @Size(max = 50) List<@NotNull @Valid Claim> capabilities,
        @Size(max = 50) List<@NotNull @Valid Claim> needs,
        @Size(max = 50) List<@NotNull @Valid ProgrammeEntry> programmes) {

    /**
     * A priority, capability or need; without a topic it is placed on the taxonomy topic its text mentions.
     * {@code source} is accepted so that a profile read from the API can be sent back as it is, but the registry
     * records sources itself (a repeated claim keeps its own, a new one is "Entered through the API" with the time).
     */
    public record Claim(
            @Size(max = 100) String topic,
            @NotBlank @Size(max = 500) String text,
            @Size(max = 1000) String evidence,
            @Size(max = 300) String source) {

        public Claim(String topic, String text, String evidence) {
            this(topic, text, evidence, null);
        }
    }

    @Schema(name = "ProgrammeRequest")
    public record ProgrammeEntry(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 1000) String description,
            @Size(max = 20) List<@NotBlank @Size(max = 100) String> topics,
            @Size(max = 1000) String evidence) {
    }
}
