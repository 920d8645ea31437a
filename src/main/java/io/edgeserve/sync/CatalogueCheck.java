package io.edgeserve.sync;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides whether a fetched catalogue may be acted on, in the order TUF checks metadata: the signature first
 * (nothing of an unsigned file is read), then the version against the highest one this gateway has verified
 * (a replayed older catalogue would roll models back), then the expiry (a withheld update would freeze them).
 */
public final class CatalogueCheck {

    private final List<PublicKey> trustedKeys;
    private final Duration expiryGrace;
    private final Clock clock;

    public CatalogueCheck(List<PublicKey> trustedKeys, Duration expiryGrace, Clock clock) {
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted public key is needed");
        }
        this.trustedKeys = List.copyOf(trustedKeys);
        this.expiryGrace = expiryGrace;
        this.clock = clock;
    }

    /**
     * @param highestSeen the highest catalogue version verified before, 0 for none
     * @return the catalogue, whose version is at least {@code highestSeen}
     */
    public Catalogue verify(byte[] json, byte[] signature, long highestSeen) throws SyncFailure {
        if (signature == null || !Ed25519Keys.verify(json, signature, trustedKeys)) {
            throw new SyncFailure(SyncFailure.Reason.SIGNATURE, signature == null ? "catalogue.json.sig is missing"
                    : "catalogue.json.sig is not a valid signature of catalogue.json by a trusted key ("
                            + trustedKeys.size() + " configured in edgeserve.sync.public-keys)");
        }
        Catalogue catalogue;
        try {
            catalogue = CatalogueJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new SyncFailure(SyncFailure.Reason.MALFORMED, "signed catalogue is malformed: " + e.getMessage());
        }
        if (catalogue.version() < highestSeen) {
            throw new SyncFailure(SyncFailure.Reason.REPLAY, "catalogue version " + catalogue.version()
                    + " is older than version " + highestSeen + " already verified: refused as a replay");
        }
        Instant now = clock.instant();
        if (now.isAfter(catalogue.expires().plus(expiryGrace))) {
            throw new SyncFailure(SyncFailure.Reason.EXPIRED, "catalogue version " + catalogue.version() + " expired at "
                    + catalogue.expires() + " (grace " + expiryGrace + "); the publisher must re-sign it");
        }
        return catalogue;
    }
}
