package org.verbatim.cluster;

import java.util.Collection;
import org.opensearch.env.Environment;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * An OpenSearch node whose plugins are classes on the launcher's classpath rather than folders
 * under plugins/: the mechanism of the test framework's MockNode. Node's protected constructor
 * takes the plugin classes; the public one only reads plugin folders, which a node assembled from
 * Maven Central jars does not have.
 */
final class LocalNode extends Node {
    LocalNode(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        // true: private index settings are refused, as on a distribution's node.
        super(environment, classpathPlugins, true);
    }
}
