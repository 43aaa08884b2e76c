package dev.sessionkit.host.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.apps.App;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flows that use methods of a plugin, found by walking each app's flows as JSON: a flow's {@code steps}, and
 * within a step its nested {@code steps} (For Each) and the {@code steps} of its {@code branches} (Parallel), at any
 * depth. A step uses a method when its {@code "method"} is one of the plugin's method ids. Fields this class does not
 * know are ignored, so richer flow definitions still walk.
 *
 * <p>Stateless; thread-safe.
 */
final class AffectedFlows {
    private AffectedFlows() {
    }

    /**
     * One flow that uses the plugin.
     *
     * @param appId    the app
     * @param flowId   the flow's id
     * @param flowName the flow's name (its id when it has none)
     * @param stepIds  the ids of the steps that use the plugin, in flow order
     * @param methods  the plugin's methods those steps use, sorted
     */
    record AffectedFlow(String appId, String flowId, String flowName, List<String> stepIds, List<String> methods) {
    }

    /**
     * @param apps      every app
     * @param methodIds the plugin's method ids
     * @return the flows that use any of them, app by app in the given order
     */
    static List<AffectedFlow> find(List<App> apps, Collection<String> methodIds) {
        Set<String> methods = Set.copyOf(methodIds);
        List<AffectedFlow> affected = new ArrayList<>();
        for (App app : apps) {
            for (JsonNode flow : app.flows()) {
                List<String> stepIds = new ArrayList<>();
                Set<String> used = new TreeSet<>();
                walk(flow.path("steps"), methods, stepIds, used);
                if (!stepIds.isEmpty()) {
                    String flowId = flow.path("id").asText("");
                    affected.add(new AffectedFlow(app.id(), flowId, flow.path("name").asText(flowId),
                            List.copyOf(stepIds), List.copyOf(used)));
                }
            }
        }
        return affected;
    }

    private static void walk(JsonNode steps, Set<String> methods, List<String> stepIds, Set<String> used) {
        for (JsonNode step : steps) {
            String method = step.path("method").asText(null);
            if (method != null && methods.contains(method)) {
                stepIds.add(step.path("id").asText(""));
                used.add(method);
            }
            walk(step.path("steps"), methods, stepIds, used);
            for (JsonNode branch : step.path("branches")) {
                walk(branch.path("steps"), methods, stepIds, used);
            }
        }
    }
}
