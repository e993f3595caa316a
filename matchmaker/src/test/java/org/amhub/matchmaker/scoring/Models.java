package org.amhub.matchmaker.scoring;

/** A builder of scoring models for tests: the shipped defaults, changed one setting at a time. */
final class Models {
    private double complementarity, shared, industry, text, regional, smoothing, meaningShare, related, debias;
    private String similarity;
    private FundingBlocs blocs;
    private int maxSuggestions, minSuggestions, maxConsortia, maxConsortiumSize, fullScanThreshold, candidateLimit;
    private double minScore, commonTopicFraction;
    private String candidates;

    private Models(ScoringModel m) {
        complementarity = m.complementarityWeight();
        shared = m.sharedPrioritiesWeight();
        industry = m.industryWeight();
        text = m.textWeight();
        regional = m.regionalWeight();
        smoothing = m.oneSidedSmoothing();
        meaningShare = m.claimMeaningShare();
        similarity = m.claimSimilarity();
        related = m.relatedClaims();
        debias = m.exposureDebias();
        blocs = m.fundingBlocs();
        maxSuggestions = m.maxSuggestionsPerHub();
        minSuggestions = m.minSuggestionsPerHub();
        minScore = m.minScore();
        maxConsortia = m.maxConsortia();
        maxConsortiumSize = m.maxConsortiumSize();
        fullScanThreshold = m.fullScanThreshold();
        commonTopicFraction = m.commonTopicFraction();
        candidateLimit = m.candidateLimit();
        candidates = m.candidates();
    }

    /** The defaults, but claims compared by their words: no embedding model, exact and fast. */
    static Models lexical() {
        return new Models(ScoringModel.defaults().withClaimSimilarity(ScoringModel.LEXICAL));
    }

    Models weights(double complementarity, double shared, double industry, double text, double regional) {
        this.complementarity = complementarity;
        this.shared = shared;
        this.industry = industry;
        this.text = text;
        this.regional = regional;
        return this;
    }

    Models meaningShare(double value) {
        meaningShare = value;
        return this;
    }

    Models relatedClaims(double value) {
        related = value;
        return this;
    }

    Models debias(double value) {
        debias = value;
        return this;
    }

    Models blocs(FundingBlocs value) {
        blocs = value;
        return this;
    }

    Models suggestions(int min, int max) {
        minSuggestions = min;
        maxSuggestions = max;
        return this;
    }

    Models minScore(double value) {
        minScore = value;
        return this;
    }

    Models consortia(int max, int size) {
        maxConsortia = max;
        maxConsortiumSize = size;
        return this;
    }

    /** Index mode from the first profile on (threshold 0), as in large networks. */
    Models indexed(double commonFraction, int limit) {
        fullScanThreshold = 0;
        commonTopicFraction = commonFraction;
        candidateLimit = limit;
        return this;
    }

    /** Every pair is scored exactly up to this many profiles; above it candidates come from the indexes. */
    Models fullScan(int threshold, double commonFraction, int limit) {
        fullScanThreshold = threshold;
        commonTopicFraction = commonFraction;
        candidateLimit = limit;
        return this;
    }

    /** Above the full-scan threshold, rescore a change against every other hub ({@code scan}) or candidates ({@code index}). */
    Models candidates(String retrieval) {
        candidates = retrieval;
        return this;
    }

    ScoringModel build() {
        return new ScoringModel(complementarity, shared, industry, text, regional, smoothing, meaningShare, similarity,
                related, debias, blocs, maxSuggestions, minSuggestions, minScore, maxConsortia, maxConsortiumSize,
                fullScanThreshold, commonTopicFraction, candidateLimit, candidates);
    }
}
