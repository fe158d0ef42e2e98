/**
 * The file broker inside the application's JVM: {@link org.reliablemessaging.broker.embedded.FileBroker} opens a
 * directory and serves the {@link org.reliablemessaging.broker.BrokerClient} API from it.
 */
@NullMarked
package org.reliablemessaging.broker.embedded;

import org.jspecify.annotations.NullMarked;
