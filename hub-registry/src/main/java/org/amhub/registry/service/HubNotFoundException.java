package org.amhub.registry.service;

import java.util.UUID;

public class HubNotFoundException extends RuntimeException {
    public HubNotFoundException(UUID id) {
        super("No hub with id " + id);
    }

    public HubNotFoundException(String idOrSlug) {
        super("No hub with id or slug '" + idOrSlug + "'");
    }
}
