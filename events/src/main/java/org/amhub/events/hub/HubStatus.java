package org.amhub.events.hub;

/** Lifecycle of a hub in the network: launching hubs are approved but have not started their programme yet. */
public enum HubStatus {
    ACTIVE,
    LAUNCHING
}
