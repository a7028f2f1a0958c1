package io.hashpipe.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareGroupsFeatureTest {

    @Test
    void aDataDirectoryFormattedAtKafka41GetsShareGroupsAtStart(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        Files.createDirectories(dataDir);
        // What hashpipe on Kafka 4.1 left behind: metadata.version 4.1, no share.version.
        Properties props = EmbeddedBroker.serverProperties("127.0.0.1", 0, 9, dataDir, 1);
        Path propsFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "test");
        }
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config",
            propsFile.toString(), "--release-version", "4.1-IV1"}, new PrintStream(said, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, said.toString(StandardCharsets.UTF_8));

        try (EmbeddedBroker broker = Brokers.started(new EmbeddedBrokerConfig(Map.of(
                EmbeddedBrokerConfig.PORT, "0", EmbeddedBrokerConfig.DATA_DIR, dataDir.toString())));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get();
            FinalizedVersionRange share = features.finalizedFeatures().get(ShareGroupsFeature.SHARE_VERSION);
            assertTrue(share != null && share.maxVersionLevel() >= 1, "share groups on: " + features.finalizedFeatures());
            assertEquals(features.supportedFeatures().get(ShareGroupsFeature.SHARE_VERSION).maxVersion(), share.maxVersionLevel(),
                    "at the highest level this broker supports (2: share groups' dead-letter topics)");
        }
    }
}
