package io.hashpipe.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns share groups (KIP-932) on at the broker's start: the {@code share.version} feature at the highest
 * level this broker supports (1: share groups, 2: their dead-letter topics, Kafka 4.4), after the
 * {@code metadata.version} it depends on.
 *
 * <p>A data directory formatted by Kafka 4.4 has both at their latest already, and this does nothing. One
 * formatted by an older hashpipe (Kafka 4.1) keeps its metadata version across upgrades, without share
 * groups; each feature is then upgraded once, and a log line says so. Downgrades are never attempted.
 */
final class ShareGroupsFeature {

    static final String METADATA_VERSION = "metadata.version";
    static final String SHARE_VERSION = "share.version";
    private static final long TIMEOUT_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(ShareGroupsFeature.class);

    private ShareGroupsFeature() {
    }

    /** Upgrades {@value #METADATA_VERSION} and then {@value #SHARE_VERSION} to the broker's highest supported levels. */
    static void enable(Admin admin) {
        try {
            for (String feature : List.of(METADATA_VERSION, SHARE_VERSION)) {
                FeatureMetadata metadata = admin.describeFeatures().featureMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                SupportedVersionRange supported = metadata.supportedFeatures().get(feature);
                if (supported == null) {
                    throw new IllegalStateException("The broker does not support the feature " + feature + "; share groups need Kafka 4.2 or newer");
                }
                FinalizedVersionRange finalized = metadata.finalizedFeatures().get(feature);
                short current = finalized == null ? 0 : finalized.maxVersionLevel();
                short target = supported.maxVersion();
                if (current >= target) {
                    continue;
                }
                Map<String, FeatureUpdate> update = new LinkedHashMap<>();
                update.put(feature, new FeatureUpdate(target, FeatureUpdate.UpgradeType.UPGRADE));
                admin.updateFeatures(update, new UpdateFeaturesOptions()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.info("Upgraded the feature {} from level {} to {} (the data directory was formatted by an older Kafka){}",
                        feature, current, target, SHARE_VERSION.equals(feature) ? ": share groups are on" : "");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot enable share groups on the embedded broker: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The embedded broker did not answer within " + TIMEOUT_SECONDS + " s while enabling share groups", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while enabling share groups", e);
        }
    }
}
