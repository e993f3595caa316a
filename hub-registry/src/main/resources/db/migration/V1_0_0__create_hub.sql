CREATE TABLE hub (
    id                             UUID PRIMARY KEY,
    slug                           TEXT         NOT NULL UNIQUE,
    name                           TEXT         NOT NULL,
    country                        TEXT         NOT NULL,
    region                         TEXT         NOT NULL,
    host_entities                  JSONB        NOT NULL DEFAULT '[]',
    contact_email                  TEXT,
    population                     BIGINT CHECK (population >= 0),
    top_industries                 JSONB        NOT NULL DEFAULT '[]',
    workforce_in_manufacturing_pct NUMERIC(5, 2) CHECK (workforce_in_manufacturing_pct BETWEEN 0 AND 100),
    manufacturing_share_of_gdp_pct NUMERIC(5, 2) CHECK (manufacturing_share_of_gdp_pct BETWEEN 0 AND 100),
    status                         TEXT         NOT NULL CHECK (status IN ('ACTIVE', 'LAUNCHING')),
    priorities                     JSONB        NOT NULL DEFAULT '[]',
    capabilities                   JSONB        NOT NULL DEFAULT '[]',
    needs                          JSONB        NOT NULL DEFAULT '[]',
    programmes                     JSONB        NOT NULL DEFAULT '[]',
    created_at                     TIMESTAMPTZ  NOT NULL,
    updated_at                     TIMESTAMPTZ  NOT NULL,
    version                        BIGINT       NOT NULL
);

CREATE INDEX hub_region_idx ON hub (lower(region));
CREATE INDEX hub_claims_idx ON hub USING GIN ((priorities || capabilities || needs) jsonb_path_ops);
