/**
 * The one service skeleton: how every service starts and stops. {@link dev.facet.service.lifecycle.Lifecycle}
 * runs the steps in one order (settings, typed config, runtime, bundle, deploy; stop in reverse; close Vert.x
 * once); a service supplies only its parts as a {@link dev.facet.service.lifecycle.ServiceDefinition}, and its
 * {@code main} is {@link dev.facet.service.lifecycle.ServiceMain#run}.
 */
package dev.facet.service.lifecycle;
